namespace CriRuntime.Dockerfile.Cli;

internal static class HelpText
{
    public const string Usage = """
        Usage: dockerfile-lint [options] [FILE | DIR | GLOB | -]...

        Lints Dockerfiles. A directory is searched recursively for Dockerfile, Containerfile,
        *.Dockerfile and Dockerfile.*; '-' reads standard input; no argument lints ./Dockerfile.

        Options:
          -f, --format FORMAT             tty (default), json, sarif, checkstyle or gnu
          -t, --failure-threshold LEVEL   error, warning, info (default), style or none
          -c, --config FILE               use this configuration instead of discovering
                                          .hadolint.yaml / .hadolint.yml / .dockerfile-lint.yaml
              --ignore ID                 do not report rule ID (ours or hadolint's); repeatable
              --error|--warning|--info|--style ID
                                          report rule ID at that severity; repeatable
              --trusted-registry NAME     only allow FROM images from NAME; repeatable
              --no-color                  no ANSI colours (also when NO_COLOR is set)
              --disable-ignore-pragma     do not honour '# hadolint ignore=' pragmas in files
              --shellcheck                check RUN scripts with shellcheck too (SCxxxx findings)
              --baseline FILE             record findings in FILE if missing, else report only new ones
              --list-rules                print every rule: id, hadolint id, default severity, title
          -v, --version                   print the version
          -h, --help                      print this help

        Exit codes: 0 no finding at or above the threshold, 1 such findings, 2 usage or I/O error.
        """;
}
