/// Splits a `--targets` line into words the way a POSIX shell would, without expanding
/// anything: blanks separate words; `'…'` keeps everything literally; `"…"` keeps everything
/// but `\"` and `\\`; a backslash outside quotes keeps the next character; a `#` that starts
/// a word begins a comment to the end of the line.
enum ShellWords {
    struct Failure: Error, Equatable {
        let message: String
    }

    static func split(_ line: String) throws(Failure) -> [String] {
        var words: [String] = []
        var word = ""
        var inWord = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\r":
                if inWord { words.append(word) }
                (word, inWord) = ("", false)
            case "#" where !inWord:
                return words
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw Failure(message: "unterminated single quote") }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw Failure(message: "unterminated double quote") }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw Failure(message: "unterminated double quote") }
                        if escaped != "\"" && escaped != "\\" { word.append("\\") }
                        word.append(escaped)
                    } else {
                        word.append(next)
                    }
                }
            case "\\":
                guard let escaped = iterator.next() else { throw Failure(message: "backslash at the end of the line") }
                inWord = true
                word.append(escaped)
            default:
                inWord = true
                word.append(character)
            }
        }
        if inWord { words.append(word) }
        return words
    }
}
