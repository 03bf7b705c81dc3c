import Testing

@Test func understandingBuilds() {}
