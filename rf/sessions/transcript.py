"""A pasted terminal transcript as steps: one per command, with its output, the host its
prompt shows, and whether the output shows an obvious failure. Pure: text in, steps out.

The first line that looks like a prompt decides the dialect (PowerShell, cmd, bash, zsh, sh,
Cisco IOS, Junos, FortiOS, RouterOS, Python's REPL); from then on only that dialect's
prompts (and, for the network devices, that host's) start a step, so a prompt-looking line
inside a command's output stays output. Anything before the first prompt (a banner) belongs
to no step, and a prompt with nothing typed after it makes none.
"""
import re
from dataclasses import dataclass

from ..core.forms import ANSI_SEQUENCE

HOST = r"[A-Za-z0-9][\w.-]*"


@dataclass(frozen=True)
class Dialect:
    name: str
    prompt: re.Pattern  # groups: host (optional), cmd
    # What starts a continuation line of a command (removed), or None.
    continuation: re.Pattern | None = None
    # The character that, ending a command line, continues it on the next (PowerShell's
    # backtick, the shells' backslash).
    continues_with: str | None = None
    same_host: bool = False  # a later prompt must show the first one's host (network devices)


DIALECTS = [
    Dialect("powershell", re.compile(
        # C:\, Cert:\, HKLM:\, Microsoft.PowerShell.Core\FileSystem::\\server\share, / or ~
        rf"^(?:\[(?P<host>{HOST})\]: )?PS (?:[A-Za-z][\w.\\]*::?|/|~)[^>\n]*> ?(?P<cmd>.*)$"),
        re.compile(r"^>> ?"), "`"),
    Dialect("mikrotik", re.compile(rf"^\[[\w.-]+@(?P<host>{HOST})\] ?(?:/[^>\n]*)?> ?(?P<cmd>.*)$")),
    Dialect("bash", re.compile(rf"^\[[\w.-]+@(?P<host>{HOST}) [^\]\n]*\][$#] ?(?P<cmd>.*)$"), re.compile(r"^> ?"),
            "\\"),
    Dialect("bash", re.compile(rf"^[\w.-]+@(?P<host>{HOST}):[^\s$#]*[$#] ?(?P<cmd>.*)$"), re.compile(r"^> ?"), "\\"),
    Dialect("zsh", re.compile(rf"^[\w.-]+@(?P<host>{HOST}) \S+ [%#] ?(?P<cmd>.*)$"), re.compile(r"^> ?"), "\\"),
    Dialect("juniper", re.compile(rf"^[\w.-]+@(?P<host>{HOST})[>#] ?(?P<cmd>.*)$"), same_host=True),
    Dialect("fortios", re.compile(rf"^(?P<host>{HOST}) (?:\([\w.-]+\) )?[#$] ?(?P<cmd>.*)$"), same_host=True),
    Dialect("cmd", re.compile(r"^[A-Za-z]:\\[^>\n]*>(?P<cmd>.*)$")),
    Dialect("python", re.compile(r"^>>>(?: (?P<cmd>.*))?$"), re.compile(r"^\.\.\.(?: |$)")),
    Dialect("cisco", re.compile(r"^(?P<host>[A-Za-z][\w.-]*)(?:\([\w.-]+\))?[#>] ?(?P<cmd>.*)$"), same_host=True),
    Dialect("sh", re.compile(r"^[$#](?: (?P<cmd>.*))?$"), re.compile(r"^> ?"), "\\"),
]

HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][\w]*)\2")
# Obvious failures, anywhere in a step's output.
FAILURES = re.compile("|".join([
    r"is not recognized as", r"command not found", r"No such file or directory", r"Permission denied",
    r"Access is denied", r"^\s*\+ (?:CategoryInfo|FullyQualifiedErrorId)\b", r"Request timed out\.",
    r"Destination host unreachable", r"% Invalid input detected", r"% Incomplete command", r"% Ambiguous command",
    r"syntax error", r"unknown command", r"^error:", r"Command fail\. Return code", r"Unknown action",
    r"bad command name", r"failure:", r"^Traceback \(most recent call last\):",
    r"(?i:exit code:? *[1-9]\d*)\b", r"Exit status: *[1-9]\d*\b",
]), re.MULTILINE)
# A PowerShell error record's first line: "Get-Item: Cannot find path 'C:\nope' because it does
# not exist." (PowerShell 7), "Start-Service : Service 'Spooler' cannot be started…" (5.1).
PWSH_ERROR = re.compile(r"^[A-Z][a-z]+-[A-Za-z]+ ?: \S")


@dataclass(frozen=True)
class ParsedStep:
    command: str
    output: str
    host: str | None
    failure: str | None  # the output line that shows it failed, if one does

    @property
    def error(self):
        return self.failure is not None


@dataclass(frozen=True)
class Transcript:
    shell: str | None  # the dialect, or None when no prompt was found
    steps: tuple


def parse_transcript(text):
    """The steps of ``text`` (a ``Transcript``)."""
    lines = clean_lines(text)
    dialect, host, start = find_first_prompt(lines)
    if dialect is None:
        return Transcript(None, ())
    steps, index = [], start
    while index < len(lines):
        match = prompt_of(dialect, host, lines[index])
        command_lines = [match.group("cmd") or ""]
        index += 1
        index = take_continuations(dialect, command_lines, lines, index)
        output_start = index
        while index < len(lines) and prompt_of(dialect, host, lines[index]) is None:
            index += 1
        command = "\n".join(command_lines).strip()
        if command:
            output = trimmed(lines[output_start:index])
            step_host = match.groupdict().get("host")
            steps.append(ParsedStep(command, output, step_host, failure_in(dialect.name, command, output)))
    return Transcript(dialect.name, tuple(steps))


def clean_lines(text):
    """The lines as the terminal showed them: escape codes gone, CRLF as LF, a carriage
    return overwriting what came before it on its line, trailing spaces dropped."""
    text = ANSI_SEQUENCE.sub("", text.replace("\r\n", "\n"))
    return [line.rsplit("\r", 1)[-1].rstrip(" \t") for line in text.split("\n")]


def find_first_prompt(lines):
    """(dialect, host for dialects that keep one, index) of the first prompt line."""
    for index, line in enumerate(lines):
        for dialect in DIALECTS:
            match = dialect.prompt.match(line)
            if match:
                return dialect, match.groupdict().get("host") if dialect.same_host else None, index
    return None, None, None


def prompt_of(dialect, host, line):
    match = dialect.prompt.match(line)
    if match and dialect.same_host and match.group("host") != host:
        return None
    return match


def take_continuations(dialect, command_lines, lines, index):
    """Add the command's continuation lines (a trailing backslash or backtick, a ``>>`` or
    ``...`` prompt, a here-document) to ``command_lines``; the index after them."""
    heredoc = HEREDOC.search(command_lines[0]) if dialect.name in ("bash", "zsh", "sh") else None
    terminator = heredoc.group(3) if heredoc else None
    while index < len(lines):
        line = lines[index]
        continued = dialect.continues_with is not None and command_lines[-1].endswith(dialect.continues_with)
        marked = dialect.continuation is not None and dialect.continuation.match(line)
        if terminator is not None:
            body = dialect.continuation.sub("", line, count=1) if marked else line
            command_lines.append(body)
            index += 1
            if body.strip() == terminator:
                terminator = None
            continue
        if dialect.prompt.match(line) or not (continued or (marked and dialect.name in ("powershell", "python"))):
            break  # (a prompt is never a continuation)
        command_lines.append(dialect.continuation.sub("", line, count=1) if marked else line)
        index += 1
    return index


def trimmed(lines):
    """The lines joined, without the blank ones at either end."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])


def failure_in(shell, command, output):
    """The line of ``output`` that shows the command failed, or None."""
    first = output.split("\n", 1)[0]
    if shell == "powershell" and PWSH_ERROR.match(first):  # elsewhere "Content-Type: text/html" is no error
        return first.strip()
    found = FAILURES.search(output)
    if found:
        start = output.rfind("\n", 0, found.start()) + 1
        end = output.find("\n", found.end())
        return output[start:None if end < 0 else end].strip()
    status = output.strip()
    if command.strip() == "echo $?" and status.isdigit() and int(status) != 0:
        return f"Exit status {status}"
    return None
