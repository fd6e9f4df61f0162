"""The optional LLM backend: an OpenAI-compatible chat-completions endpoint (for example a
local model server on the same VM) given the escalation and the retrieved past sessions.

Its answer must be JSON of a fixed shape; anything else — a timeout, an error status,
prose, a wrong shape — raises ``LLMError`` and the caller keeps the retrieval assessment.
"""
import json
import re
import time
import urllib.error
import urllib.request

PROMPT_CHARS = 12_000      # bounded prompt, however long the session
STEP_CHARS = 600           # of each step (tried, command, output, notes together)
MAX_STEPS = 25             # the latest ones
MAX_SUGGESTIONS = 5
MAX_REPLY_BYTES = 1_000_000
LEVELS = ("high", "medium", "low")
SYSTEM = (
    "You help a senior IT engineer at a managed service provider pick up an escalated "
    "troubleshooting session. Use the session and the similar past sessions from the same "
    "company. Answer with one JSON object and nothing else: "
    '{"likely_cause": string, "suggested_steps": [string, ...] (at most 5, not already tried), '
    '"confidence": "high" | "medium" | "low"}.')


class LLMError(Exception):
    pass


def prompt(package, retrieval):
    """The user message: the problem, the similar past sessions, and as many of the latest
    steps as fit in PROMPT_CHARS (older ones are counted, not shown)."""
    head = [f"Problem: {package['summary']}", f"Domain: {package['domain_label']}",
            f"Why it was escalated: {package['reason'][:2000]}"]
    related = ("Similar resolved sessions from this company:" if retrieval["confidence"]["level"] != "low" else
               "No close match among this company's resolved sessions; the nearest ones:")
    past = [related] + [
        f"- {m['summary']} → fixed by: {(m['resolution'] or '')[:500]}"
        + (" (that fix was already tried here without success)" if m.get("ruled_out") else "")
        for m in retrieval.get("matches", [])]
    if len(past) == 1:
        past.append("- none")
    budget = PROMPT_CHARS - len("\n".join(head + past)) - 100
    shown = []
    for step in reversed(package["steps"][-MAX_STEPS:]):
        text = " | ".join(part for part in (step["tried"], step["command"], step["output"], step["notes"]) if part)
        line = f"- [{step['result_label']}] {text[:STEP_CHARS]}"
        if len(line) + 1 > budget:
            break
        shown.insert(0, line)
        budget -= len(line) + 1
    left_out = len(package["steps"]) - len(shown)
    steps = ["Steps tried (oldest first):"] + ([f"- ({left_out} earlier steps not shown)"] if left_out else []) + shown
    return "\n".join(head + steps + past)


def parse(content):
    """The validated answer, or LLMError saying what was wrong with it."""
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", (content or "").strip())
    try:
        answer = json.loads(text)
    except ValueError as error:
        raise LLMError(f"the answer was not JSON ({error})") from None
    if not isinstance(answer, dict):
        raise LLMError("the answer was not a JSON object")
    cause, steps, level = answer.get("likely_cause"), answer.get("suggested_steps"), answer.get("confidence")
    if not isinstance(cause, str) or not cause.strip():
        raise LLMError("likely_cause missing or not text")
    if not isinstance(steps, list) or not all(isinstance(step, str) and step.strip() for step in steps):
        raise LLMError("suggested_steps missing or not a list of text")
    if level not in LEVELS:
        raise LLMError(f"confidence must be one of {', '.join(LEVELS)}")
    return {"likely_cause": cause.strip()[:1000],
            "suggested_steps": [step.strip()[:300] for step in steps][:MAX_SUGGESTIONS],
            "confidence": level}


def ask(config, package, retrieval):
    """The LLM's validated answer for this escalation."""
    body = json.dumps({
        "model": config["RF_LLM_MODEL"], "temperature": 0.2,
        "response_format": {"type": "json_object"},
        "messages": [{"role": "system", "content": SYSTEM},
                     {"role": "user", "content": prompt(package, retrieval)}]}).encode()
    headers = {"Content-Type": "application/json"}
    if config["RF_LLM_API_KEY"]:
        headers["Authorization"] = f"Bearer {config['RF_LLM_API_KEY']}"
    request = urllib.request.Request(config["RF_LLM_BASE_URL"] + "/chat/completions", data=body,
                                     headers=headers, method="POST")
    deadline = time.monotonic() + config["RF_LLM_TIMEOUT_SECONDS"]
    try:
        with urllib.request.urlopen(request, timeout=config["RF_LLM_TIMEOUT_SECONDS"]) as response:
            raw = b""
            while chunk := response.read1(65536):  # a trickling server still meets the deadline
                raw += chunk
                if time.monotonic() > deadline:
                    raise LLMError(f"no answer within {config['RF_LLM_TIMEOUT_SECONDS']} s")
                if len(raw) > MAX_REPLY_BYTES:
                    raise LLMError("the reply was too large")
        reply = json.loads(raw)
    except LLMError:
        raise
    except urllib.error.HTTPError as error:
        raise LLMError(f"the endpoint answered {error.code}") from None
    except TimeoutError:
        raise LLMError(f"no answer within {config['RF_LLM_TIMEOUT_SECONDS']} s") from None
    except Exception as error:  # refused, protocol errors, not JSON: never the URL (it may hold a password)
        raise LLMError(f"no usable answer from the endpoint ({type(error).__name__})") from None
    try:
        content = reply["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise LLMError("the reply had no choices[0].message.content") from None
    if not isinstance(content, str):
        raise LLMError("the reply's content was not text")
    return parse(content)
