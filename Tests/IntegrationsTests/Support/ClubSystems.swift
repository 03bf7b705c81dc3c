import Foundation
import Integrations

/// Stand-ins for all five club systems, each on its own loopback port, speaking the documented shapes.
///
/// Every handler checks the method, path, auth header and body of each call; a call that breaks the contract
/// gets a 400 and is listed in `violations`, so a test fails on it. Each system can be made to fail on demand.
final class ClubSystems: @unchecked Sendable {
    /// How a system behaves right now.
    enum Mode: Sendable {
        case up
        /// Answers 500 to everything.
        case failing
        /// Holds every request past the client's timeout.
        case hanging
    }

    static let clubOSToken = "clubos-secret-token"
    static let uniFiToken = "unifi-secret-token"
    static let ninjaClientID = "ninja-client"
    static let ninjaSecret = "ninja-secret"
    static let ninjaAccessToken = "ninja-access-token"
    static let hubSpotToken = "hubspot-secret-token"
    static let twilioSID = "AC0123456789"
    static let twilioToken = "twilio-secret-token"

    let clubOS: StandInServer
    let uniFi: StandInServer
    let ninjaOne: StandInServer
    let hubSpot: StandInServer
    let reminder: StandInServer

    private let lock = NSLock()
    private var modes: [IntegrationService: Mode] = [:]
    private var visitors: [String: [String: Any]] = [:]
    private var nextVisitor = 1
    private(set) var violationList: [String] = []
    private var acceptedList: [(service: IntegrationService, request: StandInServer.Request)] = []

    init() throws {
        let placeholder: StandInServer.Handler = { _ in .json(503, "{}") }
        clubOS = try StandInServer(handler: placeholder)
        uniFi = try StandInServer(handler: placeholder)
        ninjaOne = try StandInServer(handler: placeholder)
        hubSpot = try StandInServer(handler: placeholder)
        reminder = try StandInServer(handler: placeholder)
        clubOS.setHandler { [unowned self] in self.answer(.clubOS, $0, self.clubOSReply) }
        uniFi.setHandler { [unowned self] in self.answer(.uniFiAccess, $0, self.uniFiReply) }
        ninjaOne.setHandler { [unowned self] in self.answer(.ninjaOne, $0, self.ninjaReply) }
        hubSpot.setHandler { [unowned self] in self.answer(.hubSpot, $0, self.hubSpotReply) }
        reminder.setHandler { [unowned self] in self.answer(.reminder, $0, self.reminderReply) }
    }

    func stopAll() {
        for server in [clubOS, uniFi, ninjaOne, hubSpot, reminder] { server.stop() }
    }

    func set(_ service: IntegrationService, _ mode: Mode) {
        lock.withLock { modes[service] = mode }
        if mode != .hanging { server(service).releaseHanging() }
    }

    var violations: [String] { lock.withLock { violationList } }

    /// Visitors that exist now, by id.
    var liveVisitors: [String: [String: Any]] { lock.withLock { visitors } }

    func server(_ service: IntegrationService) -> StandInServer {
        switch service {
        case .clubOS: clubOS
        case .uniFiAccess: uniFi
        case .ninjaOne: ninjaOne
        case .hubSpot: hubSpot
        case .reminder: reminder
        }
    }

    /// Settings pointing every client at these stand-ins, with a short timeout.
    func settings(timeout: TimeInterval = 1) -> IntegrationSettings {
        IntegrationSettings(
            clubOS: .init(baseURL: clubOS.baseURL, apiToken: Self.clubOSToken),
            uniFiAccess: .init(baseURL: uniFi.baseURL, apiToken: Self.uniFiToken, doors: ["bedford": ["door-bed-1"]]),
            ninjaOne: .init(
                baseURL: ninjaOne.baseURL,
                clientID: Self.ninjaClientID,
                clientSecret: Self.ninjaSecret,
                prepareScriptID: 41,
                resetScriptID: 42
            ),
            hubSpot: .init(baseURL: hubSpot.baseURL, accessToken: Self.hubSpotToken),
            reminder: .init(
                baseURL: reminder.baseURL,
                accountSID: Self.twilioSID,
                authToken: Self.twilioToken,
                fromNumber: "+19025550000"
            ),
            timeout: timeout
        )
    }

    /// The environment `booking outbox run` reads to reach these stand-ins.
    func environment(timeout: TimeInterval = 2) -> [String: String] {
        [
            "CLUBOS_BASE_URL": clubOS.baseURL.absoluteString, "CLUBOS_API_TOKEN": Self.clubOSToken,
            "UNIFI_ACCESS_BASE_URL": uniFi.baseURL.absoluteString, "UNIFI_ACCESS_API_TOKEN": Self.uniFiToken,
            "UNIFI_ACCESS_DOORS_BEDFORD": "door-bed-1",
            "NINJAONE_BASE_URL": ninjaOne.baseURL.absoluteString, "NINJAONE_CLIENT_ID": Self.ninjaClientID,
            "NINJAONE_CLIENT_SECRET": Self.ninjaSecret, "NINJAONE_PREPARE_SCRIPT_ID": "41",
            "NINJAONE_RESET_SCRIPT_ID": "42",
            "HUBSPOT_BASE_URL": hubSpot.baseURL.absoluteString, "HUBSPOT_ACCESS_TOKEN": Self.hubSpotToken,
            "REMINDER_BASE_URL": reminder.baseURL.absoluteString, "TWILIO_ACCOUNT_SID": Self.twilioSID,
            "TWILIO_AUTH_TOKEN": Self.twilioToken, "REMINDER_FROM_NUMBER": "+19025550000",
            "INTEGRATIONS_TIMEOUT_SECONDS": "\(timeout)",
        ]
    }

    /// Requests each service answered with 2xx, in order: what actually arrived.
    func accepted(_ service: IntegrationService) -> [StandInServer.Request] {
        lock.withLock { acceptedList.filter { $0.service == service }.map(\.request) }
    }

    /// The idempotency key a request was sent under (ClubOS sends it as its correlation id).
    static func key(_ request: StandInServer.Request) -> String? {
        request.idempotencyKey ?? request.headers["x-correlation-id"]
    }

    // MARK: - Handlers

    private func answer(
        _ service: IntegrationService,
        _ request: StandInServer.Request,
        _ reply: (StandInServer.Request) -> StandInServer.Reply
    ) -> StandInServer.Reply {
        let answer = gate(service, request) ?? reply(request)
        if case .json(let status, _) = answer, (200..<300).contains(status) {
            lock.withLock { acceptedList.append((service, request)) }
        }
        return answer
    }

    private func gate(_ service: IntegrationService, _ request: StandInServer.Request) -> StandInServer.Reply? {
        switch lock.withLock({ modes[service] ?? .up }) {
        case .up: nil
        case .failing: .json(500, #"{"code":"INTERNAL"}"#)
        case .hanging: .hang
        }
    }

    private func violation(_ text: String) -> StandInServer.Reply {
        lock.withLock { violationList.append(text) }
        return .json(400, #"{"code":"CONTRACT"}"#)
    }

    private func clubOSReply(_ request: StandInServer.Request) -> StandInServer.Reply {
        guard request.headers["authorization"] == "Bearer \(Self.clubOSToken)" else {
            return violation("clubos auth")
        }
        guard request.headers["x-correlation-id"] != nil else { return violation("clubos correlation id") }
        let json = request.json
        if request.method == "PUT", request.path.hasPrefix("/api/customers/"), request.path.hasSuffix("/context") {
            guard json["hasUpcomingBooking"] is Bool, json.keys.contains("nextBooking") || json.count >= 1 else {
                return violation("clubos context body")
            }
            return .json(200, #"{"ok":true}"#)
        }
        if request.method == "POST", request.path == "/api/input-events" {
            guard json["source"] as? String == "booking-agent", json["payload"] is [String: Any],
                json["location_id"] is String, json["bay_id"] is Int
            else { return violation("clubos input event body") }
            return .json(201, #"{"id":"evt-1"}"#)
        }
        return violation("clubos \(request.method) \(request.path)")
    }

    private func uniFiReply(_ request: StandInServer.Request) -> StandInServer.Reply {
        guard request.headers["authorization"] == "Bearer \(Self.uniFiToken)" else { return violation("unifi auth") }
        let prefix = "/api/v1/developer/visitors"
        let path = request.path
        switch (request.method, path) {
        case ("GET", prefix):
            let keyword = request.query.replacingOccurrences(of: "keyword=", with: "")
            let found = lock.withLock { visitors.values.filter { ($0["last_name"] as? String) == keyword } }
            return .json(200, Self.envelope(found))
        case ("POST", prefix):
            let json = request.json
            guard json["first_name"] is String, let last = json["last_name"] as? String, json["start_time"] is Int,
                json["end_time"] is Int, json["visit_reason"] is String,
                let resources = json["resources"] as? [[String: Any]], !resources.isEmpty
            else { return violation("unifi visitor body") }
            let id = lock.withLock { () -> String in
                let id = "visitor-\(nextVisitor)"
                nextVisitor += 1
                var visitor = json
                visitor["id"] = id
                visitor["status"] = "UPCOMING"
                visitor["last_name"] = last
                visitors[id] = visitor
                return id
            }
            return .json(200, Self.envelope(["id": id, "first_name": "Booking", "last_name": last]))
        case ("POST", "/api/v1/developer/credentials/pin_codes"):
            return .json(200, Self.envelope("48213907"))
        default:
            break
        }
        guard path.hasPrefix(prefix + "/") else { return violation("unifi \(request.method) \(path)") }
        let rest = path.dropFirst(prefix.count + 1).split(separator: "/").map(String.init)
        let id = rest[0]
        guard lock.withLock({ visitors[id] != nil }) else { return .json(200, #"{"code":"CODE_NOT_EXISTS"}"#) }
        switch (request.method, rest.count > 1 ? rest[1] : "") {
        case ("PUT", "pin_codes"):
            guard request.json["pin_code"] is String else { return violation("unifi pin body") }
            return .json(200, #"{"code":"SUCCESS","msg":"success"}"#)
        case ("PUT", "qr_codes"):
            return .json(200, #"{"code":"SUCCESS","msg":"success"}"#)
        case ("PUT", ""):
            let json = request.json
            guard let start = json["start_time"] as? Int, let end = json["end_time"] as? Int else {
                return violation("unifi update body")
            }
            lock.withLock {
                visitors[id]?["start_time"] = start
                visitors[id]?["end_time"] = end
            }
            return .json(200, Self.envelope(["id": id]))
        case ("DELETE", ""):
            guard request.query == "is_force=true" else { return violation("unifi delete query") }
            _ = lock.withLock { visitors.removeValue(forKey: id) }
            return .json(200, #"{"code":"SUCCESS","data":null,"msg":"success"}"#)
        default:
            return violation("unifi \(request.method) \(path)")
        }
    }

    private func ninjaReply(_ request: StandInServer.Request) -> StandInServer.Reply {
        if request.method == "POST", request.path == "/ws/oauth/token" {
            let form = request.form
            guard request.headers["content-type"] == "application/x-www-form-urlencoded",
                form["grant_type"] == "client_credentials", form["client_id"] == Self.ninjaClientID,
                form["client_secret"] == Self.ninjaSecret, form["scope"]?.contains("control") == true
            else { return violation("ninjaone token request") }
            return .json(200, #"{"access_token":"\#(Self.ninjaAccessToken)","token_type":"Bearer","expires_in":3600}"#)
        }
        guard request.headers["authorization"] == "Bearer \(Self.ninjaAccessToken)" else {
            return violation("ninjaone auth")
        }
        let parts = request.path.split(separator: "/").map(String.init)
        guard request.method == "POST", parts.count == 5, parts[0] == "v2", parts[1] == "device",
            parts[3] == "script", parts[4] == "run"
        else { return violation("ninjaone \(request.method) \(request.path)") }
        let json = request.json
        guard json["type"] as? String == "SCRIPT", json["id"] is Int, json["parameters"] is String else {
            return violation("ninjaone script body")
        }
        return .json(204, "")
    }

    private func hubSpotReply(_ request: StandInServer.Request) -> StandInServer.Reply {
        guard request.headers["authorization"] == "Bearer \(Self.hubSpotToken)" else {
            return violation("hubspot auth")
        }
        let json = request.json
        switch (request.method, request.path) {
        case ("POST", "/crm/v3/objects/contacts/search"):
            guard let groups = json["filterGroups"] as? [[String: Any]], !groups.isEmpty else {
                return violation("hubspot search body")
            }
            let values = groups.compactMap { ($0["filters"] as? [[String: Any]])?.first?["value"] as? String }
            guard values.contains("+19025550101") else { return .json(200, #"{"total":0,"results":[]}"#) }
            return .json(
                200,
                #"{"total":1,"results":[{"id":"51001","properties":{"phone":"+19025550101","membership_tier":"vip","membership_tags":"EARLY_ACCESS;LEAGUE"}}]}"#
            )
        case ("POST", "/crm/v3/objects/notes"):
            let properties = json["properties"] as? [String: Any]
            let association = (json["associations"] as? [[String: Any]])?.first
            let type = (association?["types"] as? [[String: Any]])?.first
            guard properties?["hs_timestamp"] is String, properties?["hs_note_body"] is String,
                (association?["to"] as? [String: Any])?["id"] as? String == "51001",
                type?["associationTypeId"] as? Int == 202
            else { return violation("hubspot note body") }
            return .json(201, #"{"id":"note-1"}"#)
        default:
            return violation("hubspot \(request.method) \(request.path)")
        }
    }

    private func reminderReply(_ request: StandInServer.Request) -> StandInServer.Reply {
        let basic = Data("\(Self.twilioSID):\(Self.twilioToken)".utf8).base64EncodedString()
        guard request.headers["authorization"] == "Basic \(basic)" else { return violation("reminder auth") }
        guard request.method == "POST", request.path == "/2010-04-01/Accounts/\(Self.twilioSID)/Messages.json" else {
            return violation("reminder \(request.method) \(request.path)")
        }
        let form = request.form
        guard form["To"]?.hasPrefix("+") == true, form["From"] == "+19025550000", form["Body"]?.isEmpty == false else {
            return violation("reminder form")
        }
        return .json(201, #"{"sid":"SM0001","status":"queued"}"#)
    }

    private static func envelope(_ data: Any) -> String {
        let object: [String: Any] = ["code": "SUCCESS", "msg": "success", "data": data]
        let bytes = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: bytes, as: UTF8.self)
    }
}
