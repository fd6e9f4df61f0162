"""Pasted terminal transcripts as steps: the corpus in tests/transcripts/ (each paste beside
the steps it must give), across PowerShell, cmd, bash, zsh, sh, Cisco IOS, Junos, FortiOS,
RouterOS and Python's REPL as a control."""
import json
from pathlib import Path

import pytest

from rf.sessions.transcript import parse_transcript

CORPUS = Path(__file__).parent / "transcripts"
CASES = sorted(path.stem for path in CORPUS.glob("*.json"))


def test_the_corpus_is_big_enough_and_covers_every_shell():
    shells = [json.loads((CORPUS / f"{name}.json").read_text())["shell"] for name in CASES]
    assert len(CASES) >= 40
    assert set(shells) >= {"powershell", "cmd", "bash", "zsh", "sh", "cisco", "juniper", "fortios", "mikrotik",
                           "python"}


@pytest.mark.parametrize("name", CASES)
def test_a_transcript_gives_its_steps(name):
    expected = json.loads((CORPUS / f"{name}.json").read_text())
    parsed = parse_transcript((CORPUS / f"{name}.txt").read_bytes().decode("utf-8"))
    assert parsed.shell == expected["shell"]
    assert [(s.command, s.host, s.error) for s in parsed.steps] == [
        (s["command"], s["host"], s["error"]) for s in expected["steps"]]
    assert [s.output for s in parsed.steps] == [s["output"] for s in expected["steps"]]


def test_text_without_a_prompt_gives_no_steps():
    parsed = parse_transcript("Just some notes\nabout what I tried\n")
    assert (parsed.shell, parsed.steps) == (None, ())


def test_a_step_names_the_line_that_shows_it_failed():
    parsed = parse_transcript("PS C:\\> Start-Service Spooler\n"
                              "Start-Service : Service 'Print Spooler (Spooler)' cannot be started.\n"
                              "    + CategoryInfo          : OpenError\n"
                              "PS C:\\> ping 10.0.0.9\n\nPinging 10.0.0.9 with 32 bytes of data:\nRequest timed out.\n")
    assert [step.failure for step in parsed.steps] == [
        "Start-Service : Service 'Print Spooler (Spooler)' cannot be started.", "Request timed out."]


def test_a_header_line_is_a_powershell_error_only_in_powershell():
    parsed = parse_transcript("tech@web01:~$ curl -sI https://portal.example.com\nContent-Type: text/html\n")
    assert [step.failure for step in parsed.steps] == [None]
