import Testing

@Test func dialogueBuilds() {}
