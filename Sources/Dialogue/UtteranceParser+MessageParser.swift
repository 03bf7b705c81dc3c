import Understanding

/// The grammar-based parser is the dialogue's parser.
extension UtteranceParser: MessageParser {}
