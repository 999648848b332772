// The `boxoffice` command: every subcommand lives in BoxOfficeCLI, where tests run them in-process.
import BoxOfficeCLI
import Glibc

@main
enum BoxOfficeTool {
    static func main() {
        exit(CLI.run(Array(CommandLine.arguments.dropFirst())))
    }
}
