import Testing

@Test func integrationsBuilds() {}
