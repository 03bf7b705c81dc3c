public import Foundation

/// UniFi Access's developer API (port 12445, Bearer token): visitors with a PIN and a QR code.
///
/// Every answer comes in an envelope `{"code": "SUCCESS", "data": ..., "msg": ...}`; a 2xx answer whose code is
/// not `SUCCESS` is a refusal, reported with UniFi's code.
public struct UniFiAccessClient: Sendable {
    public let baseURL: URL
    private let apiToken: String
    private let transport: any HTTPTransport
    private let timeout: TimeInterval

    public init(baseURL: URL, apiToken: String, transport: any HTTPTransport, timeout: TimeInterval = 10) {
        self.baseURL = baseURL
        self.apiToken = apiToken
        self.transport = transport
        self.timeout = timeout
    }

    /// A visitor as UniFi Access returns it.
    public struct Visitor: Sendable, Equatable, Decodable {
        public var id: String
        public var firstName: String?
        public var lastName: String?
        public var status: String?

        enum CodingKeys: String, CodingKey {
            case id, status
            case firstName = "first_name"
            case lastName = "last_name"
        }
    }

    /// What a visitor may open, and when.
    public struct VisitorRequest: Sendable, Equatable, Encodable {
        public var firstName: String
        public var lastName: String
        public var mobilePhone: String
        public var remarks: String
        /// Unix seconds.
        public var startTime: Int64
        public var endTime: Int64
        public var visitReason: String
        public var resources: [Resource]

        public init(
            firstName: String,
            lastName: String,
            mobilePhone: String,
            remarks: String,
            startTime: Int64,
            endTime: Int64,
            visitReason: String = "Others",
            resources: [Resource]
        ) {
            self.firstName = firstName
            self.lastName = lastName
            self.mobilePhone = mobilePhone
            self.remarks = remarks
            self.startTime = startTime
            self.endTime = endTime
            self.visitReason = visitReason
            self.resources = resources
        }

        enum CodingKeys: String, CodingKey {
            case remarks, resources
            case firstName = "first_name"
            case lastName = "last_name"
            case mobilePhone = "mobile_phone"
            case startTime = "start_time"
            case endTime = "end_time"
            case visitReason = "visit_reason"
        }
    }

    /// A door (or door group) a visitor may open.
    public struct Resource: Sendable, Equatable, Codable {
        public var id: String
        /// `door` or `door_group`.
        public var type: String

        public init(id: String, type: String = "door") {
            self.id = id
            self.type = type
        }
    }

    /// Creates a visitor: `POST /api/v1/developer/visitors`.
    public func createVisitor(_ visitor: VisitorRequest, idempotencyKey: String? = nil) async throws -> Visitor {
        try await call(
            "POST",
            "/api/v1/developer/visitors",
            body: try JSONRequests.body(visitor),
            idempotencyKey: idempotencyKey
        )
    }

    /// Visitors whose first or last name starts with `keyword`: `GET /api/v1/developer/visitors?keyword=`.
    public func visitors(keyword: String) async throws -> [Visitor] {
        try await call(
            "GET",
            "/api/v1/developer/visitors",
            query: [URLQueryItem(name: "keyword", value: keyword)]
        )
    }

    /// Moves a visitor's window and doors: `PUT /api/v1/developer/visitors/{id}`.
    public func updateVisitor(id: String, _ visitor: VisitorRequest, idempotencyKey: String? = nil) async throws {
        try await callIgnoringData(
            "PUT",
            "/api/v1/developer/visitors/\(JSONRequests.segment(id))",
            body: try JSONRequests.body(visitor),
            idempotencyKey: idempotencyKey
        )
    }

    /// Deletes a visitor for good (`is_force=true`): `DELETE /api/v1/developer/visitors/{id}`.
    public func deleteVisitor(id: String, idempotencyKey: String? = nil) async throws {
        try await callIgnoringData(
            "DELETE",
            "/api/v1/developer/visitors/\(JSONRequests.segment(id))",
            query: [URLQueryItem(name: "is_force", value: "true")],
            idempotencyKey: idempotencyKey
        )
    }

    /// Has UniFi generate a PIN that meets its own rules: `POST /api/v1/developer/credentials/pin_codes`.
    public func generatePIN() async throws -> String {
        try await call("POST", "/api/v1/developer/credentials/pin_codes")
    }

    /// Assigns a PIN to a visitor: `PUT /api/v1/developer/visitors/{id}/pin_codes`.
    public func assignPIN(_ pin: String, toVisitor id: String) async throws {
        try await callIgnoringData(
            "PUT",
            "/api/v1/developer/visitors/\(JSONRequests.segment(id))/pin_codes",
            body: try JSONRequests.body(["pin_code": pin])
        )
    }

    /// Gives a visitor a QR code credential: `PUT /api/v1/developer/visitors/{id}/qr_codes`.
    public func assignQRCode(toVisitor id: String) async throws {
        try await callIgnoringData(
            "PUT",
            "/api/v1/developer/visitors/\(JSONRequests.segment(id))/qr_codes",
            body: Data("{}".utf8)
        )
    }

    // MARK: - Envelope

    private struct Envelope<T: Decodable>: Decodable {
        var code: String
        var data: T?
    }

    private struct Empty: Decodable {}

    private func call<T: Decodable>(
        _ method: String,
        _ path: String,
        query: [URLQueryItem] = [],
        body: Data? = nil,
        idempotencyKey: String? = nil
    ) async throws -> T {
        let envelope: Envelope<T> = try await send(method, path, query: query, body: body, key: idempotencyKey)
        guard let data = envelope.data else {
            throw IntegrationError(.uniFiAccess, .unexpectedResponse("no data"))
        }
        return data
    }

    private func callIgnoringData(
        _ method: String,
        _ path: String,
        query: [URLQueryItem] = [],
        body: Data? = nil,
        idempotencyKey: String? = nil
    ) async throws {
        let _: Envelope<Empty> = try await send(method, path, query: query, body: body, key: idempotencyKey)
    }

    private func send<T: Decodable>(
        _ method: String,
        _ path: String,
        query: [URLQueryItem],
        body: Data?,
        key: String?
    ) async throws -> Envelope<T> {
        var headers = ["Authorization": "Bearer \(apiToken)", "Accept": "application/json"]
        if body != nil { headers["Content-Type"] = "application/json" }
        if let key { headers["Idempotency-Key"] = key }
        let request = HTTPRequest(
            method: method,
            url: JSONRequests.url(baseURL, path, query: query),
            headers: headers,
            body: body,
            timeout: timeout,
            service: .uniFiAccess
        )
        let envelope = try JSONRequests.decode(Envelope<T>.self, try await transport.send(request), .uniFiAccess)
        guard envelope.code == "SUCCESS" else {
            // A refusal in a 200: UniFi's code says why (e.g. a visitor that no longer exists).
            throw IntegrationError(.uniFiAccess, .status(422, code: String(envelope.code.prefix(64))))
        }
        return envelope
    }
}
