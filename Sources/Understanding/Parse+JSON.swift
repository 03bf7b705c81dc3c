import BookingCore
public import Foundation
import TimeExpressions

extension Slots {
    /// The slots as the JSON contract names them, in contract order, values already JSON-encoded.
    ///
    /// Instants are written with the offset of `timeZone` at that instant; absent slots are left out.
    public func fields(in timeZone: TimeZone) -> [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = []
        func time(_ key: String, _ date: Date?) {
            if let date { fields.append((key, JSONText.quoted(ISO8601Offset.string(date, in: timeZone)))) }
        }
        if let date { fields.append(("date", JSONText.quoted(date.description))) }
        time("start", start)
        time("end", end)
        time("window_start", windowStart)
        time("window_end", windowEnd)
        if let durationMinutes { fields.append(("duration_minutes", String(durationMinutes))) }
        if let partySize { fields.append(("party_size", String(partySize))) }
        if let bay { fields.append(("bay", String(bay))) }
        if let location { fields.append(("location", JSONText.quoted(location))) }
        if let bookingRef { fields.append(("booking_ref", JSONText.quoted(bookingRef))) }
        if let name { fields.append(("name", JSONText.quoted(name))) }
        if let phone { fields.append(("phone", JSONText.quoted(phone))) }
        if let choice { fields.append(("choice", String(choice))) }
        if let fromDate { fields.append(("from_date", JSONText.quoted(fromDate.description))) }
        time("from_start", fromStart)
        return fields
    }
}

extension Parse {
    /// One line of the `booking parse --json` contract; with `explaining`, an `explain` object is added.
    ///
    /// `fallbackZone` writes the instants when the parse does not carry the zone it resolved them in.
    public func jsonLine(fallbackZone: TimeZone, explaining: Bool = false) -> String {
        let zone = timeZone ?? fallbackZone
        let slotText = slots.fields(in: zone).map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ")
        var line = "{\"text\": \(JSONText.quoted(text)), \"intent\": \(JSONText.quoted(intent.rawValue)), "
        line += "\"confidence\": \(JSONText.number(confidence)), \"slots\": {\(slotText)}"
        if isCorrection { line += ", \"correction\": true" }
        if explaining, let explanation {
            var parts: [String] = []
            parts.append("\"decided_by\": \(JSONText.quoted(explanation.decidedBy))")
            parts.append("\"tokens\": [\(explanation.tokens.map(JSONText.quoted).joined(separator: ", "))]")
            if let template = explanation.template { parts.append("\"template\": \(JSONText.quoted(template))") }
            if let location = explanation.templateLocation { parts.append("\"at\": \(JSONText.quoted(location))") }
            parts.append("\"rules\": [\(explanation.rules.map(JSONText.quoted).joined(separator: ", "))]")
            if let score = explanation.score { parts.append("\"score\": \(JSONText.number(score))") }
            if let coverage = explanation.coverage { parts.append("\"coverage\": \(JSONText.number(coverage))") }
            parts.append("\"skipped\": [\(explanation.skipped.map(JSONText.quoted).joined(separator: ", "))]")
            if !explanation.cues.isEmpty {
                parts.append("\"cues\": [\(explanation.cues.map(JSONText.quoted).joined(separator: ", "))]")
            }
            if !explanation.corrections.isEmpty {
                parts.append(
                    "\"corrections\": [\(explanation.corrections.map(JSONText.quoted).joined(separator: ", "))]"
                )
            }
            let spans = explanation.spans.map { span in
                "{\"slot\": \(JSONText.quoted(span.slot)), \"text\": \(JSONText.quoted(span.text)), "
                    + "\"start\": \(span.start), \"end\": \(span.end)}"
            }
            parts.append("\"spans\": [\(spans.joined(separator: ", "))]")
            if let runnerUp = explanation.runnerUp {
                parts.append(
                    "\"runner_up\": {\"intent\": \(JSONText.quoted(runnerUp.rawValue)), "
                        + "\"confidence\": \(JSONText.number(explanation.runnerUpConfidence ?? 0)), "
                        + "\"score\": \(JSONText.number(explanation.runnerUpScore ?? 0))}"
                )
            }
            line += ", \"explain\": {\(parts.joined(separator: ", "))}"
        }
        return line + "}"
    }

    /// A few human-readable lines: intent and confidence, each slot, and the explanation when present.
    public func summary(fallbackZone: TimeZone) -> String {
        var lines = ["\(intent.rawValue) (\(JSONText.number(confidence)))\(isCorrection ? " correction" : "")"]
        for field in slots.fields(in: timeZone ?? fallbackZone) {
            lines.append("  \(field.key): \(field.value)")
        }
        if let explanation {
            lines.append("  tokens: \(explanation.tokens.joined(separator: " "))")
            lines.append("  decided by: \(explanation.decidedBy)")
            if let template = explanation.template {
                lines.append("  template: \(template)  (\(explanation.templateLocation ?? ""))")
            }
            if !explanation.rules.isEmpty { lines.append("  rules: \(explanation.rules.joined(separator: ", "))") }
            for span in explanation.spans {
                lines.append("  span \(span.slot): \"\(span.text)\" [\(span.start)..<\(span.end)]")
            }
            if let runnerUp = explanation.runnerUp {
                lines.append(
                    "  runner-up: \(runnerUp.rawValue) (\(JSONText.number(explanation.runnerUpConfidence ?? 0)))"
                )
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// Small JSON writing helpers with a fixed key order, faster than an encoder for JSON Lines output.
enum JSONText {
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A confidence rounded to two decimals: "0.96", "1.0".
    static func number(_ value: Double) -> String {
        // A skipping template's score is negative: the sign goes in front, once.
        let hundredths = Int((value * 100).rounded())
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        let sign = hundredths < 0 ? "-" : ""
        return "\(sign)\(magnitude / 100).\(fraction < 10 && fraction != 0 ? "0" : "")\(fraction)"
    }
}
