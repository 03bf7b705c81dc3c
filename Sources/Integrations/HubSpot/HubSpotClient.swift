public import Foundation

/// HubSpot's CRM v3 with a private-app token: contact search and notes.
public struct HubSpotClient: Sendable {
    public let baseURL: URL
    private let accessToken: String
    private let transport: any HTTPTransport
    private let timeout: TimeInterval
    /// The contact properties that hold the membership tier and its tags (`;`-separated, HubSpot's multi-select).
    public let tierProperty: String
    public let tagsProperty: String

    public init(
        baseURL: URL,
        accessToken: String,
        transport: any HTTPTransport,
        timeout: TimeInterval = 10,
        tierProperty: String = "membership_tier",
        tagsProperty: String = "membership_tags"
    ) {
        self.baseURL = baseURL
        self.accessToken = accessToken
        self.transport = transport
        self.timeout = timeout
        self.tierProperty = tierProperty
        self.tagsProperty = tagsProperty
    }

    /// A contact with the membership it carries.
    public struct Contact: Sendable, Equatable {
        public var id: String
        public var tierID: String?
        public var tags: [String]

        public init(id: String, tierID: String?, tags: [String]) {
            self.id = id
            self.tierID = tierID
            self.tags = tags
        }
    }

    /// The first contact whose phone or email matches: `POST /crm/v3/objects/contacts/search`.
    ///
    /// Filter groups are ORed, so one search covers both the phone and the email.
    public func findContact(phone: String?, email: String?) async throws -> Contact? {
        var groups: [SearchRequest.FilterGroup] = []
        if let phone { groups.append(.init(filters: [.init(propertyName: "phone", operator: "EQ", value: phone)])) }
        if let email { groups.append(.init(filters: [.init(propertyName: "email", operator: "EQ", value: email)])) }
        guard !groups.isEmpty else { return nil }
        let search = SearchRequest(
            filterGroups: groups,
            properties: ["email", "phone", tierProperty, tagsProperty],
            limit: 1
        )
        let response = try await send(
            "POST",
            "/crm/v3/objects/contacts/search",
            body: try JSONRequests.body(search),
            key: nil
        )
        let results = try JSONRequests.decode(SearchResponse.self, response, .hubSpot).results
        guard let first = results.first else { return nil }
        let tier = first.properties[tierProperty].flatMap { $0 }.flatMap { $0.isEmpty ? nil : $0 }
        let tags = (first.properties[tagsProperty].flatMap { $0 } ?? "")
            .split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        return Contact(id: first.id, tierID: tier, tags: tags)
    }

    /// Creates a note on a contact: `POST /crm/v3/objects/notes`, associated with type 202 (note to contact).
    ///
    /// - Returns: the note's id.
    public func createNote(
        contactID: String,
        body: String,
        at timestamp: Date,
        idempotencyKey: String? = nil
    ) async throws -> String {
        let note = NoteRequest(
            properties: [
                "hs_timestamp": String(Timestamps.unixMilliseconds(timestamp)),
                "hs_note_body": body,
            ],
            associations: [
                .init(
                    to: .init(id: contactID),
                    types: [.init(associationCategory: "HUBSPOT_DEFINED", associationTypeId: 202)]
                )
            ]
        )
        let response = try await send(
            "POST",
            "/crm/v3/objects/notes",
            body: try JSONRequests.body(note),
            key: idempotencyKey
        )
        return try JSONRequests.decode(Created.self, response, .hubSpot).id
    }

    private func send(_ method: String, _ path: String, body: Data, key: String?) async throws -> HTTPResponse {
        var headers = [
            "Authorization": "Bearer \(accessToken)",
            "Content-Type": "application/json",
            "Accept": "application/json",
        ]
        if let key { headers["Idempotency-Key"] = key }
        return try await transport.send(
            HTTPRequest(
                method: method,
                url: JSONRequests.url(baseURL, path),
                headers: headers,
                body: body,
                timeout: timeout,
                service: .hubSpot
            )
        )
    }

    private struct SearchRequest: Encodable {
        struct Filter: Encodable {
            var propertyName: String
            var `operator`: String
            var value: String
        }

        struct FilterGroup: Encodable {
            var filters: [Filter]
        }

        var filterGroups: [FilterGroup]
        var properties: [String]
        var limit: Int
    }

    private struct SearchResponse: Decodable {
        struct Result: Decodable {
            var id: String
            var properties: [String: String?]
        }

        var results: [Result]
    }

    private struct NoteRequest: Encodable {
        struct Association: Encodable {
            struct Target: Encodable {
                var id: String
            }

            struct AssociationType: Encodable {
                var associationCategory: String
                var associationTypeId: Int
            }

            var to: Target
            var types: [AssociationType]
        }

        var properties: [String: String]
        var associations: [Association]
    }

    private struct Created: Decodable {
        var id: String
    }
}
