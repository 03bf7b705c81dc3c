import Hummingbird

/// A request body read within the size cap, or the response that refuses it.
enum BodyRead {
    case read(ByteBuffer)
    case refused(Response)
}

extension AgentServer {
    /// Reads the body up to `maxBodyBytes`: larger is 413, unreadable is 400, both as JSON errors.
    func cappedBody(_ request: Request) async -> BodyRead {
        do {
            guard let collected = try await request.collectBody(upTo: configuration.limits.maxBodyBytes) else {
                metrics.recordError("payload_too_large")
                return .refused(
                    Responses.error(
                        .contentTooLarge,
                        "payload_too_large",
                        "The body is larger than \(configuration.limits.maxBodyBytes) bytes."
                    )
                )
            }
            return .read(collected)
        } catch {
            metrics.recordError("bad_request")
            return .refused(Responses.error(.badRequest, "unreadable_body", "The request body could not be read."))
        }
    }
}
