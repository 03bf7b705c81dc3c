// Dialogue: see issue 5.
