"""The optional LLM backend against a real local HTTP server that speaks the chat-completions
protocol: a valid answer is used; invalid JSON, a wrong shape, a slow or failing server fall
back to retrieval with the reason recorded; the prompt stays bounded."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rf.assess.engine import HIGH, MEDIUM, assess
from rf.core.extensions import db
from rf.core.models import Step

from .factories import make_escalation, make_session
from .helpers import HX, client_for

VALID = {"likely_cause": "The firewall rules for the QuickBooks database manager were disabled by an update.",
         "suggested_steps": ["Re-enable the QBDBMgrN firewall rules", "Ran the QuickBooks File Doctor"],
         "confidence": "medium"}


class ChatServer(ThreadingHTTPServer):
    """Answers POST /v1/chat/completions as told by ``mode``; keeps what it was asked."""
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), ChatHandler)
        self.mode, self.requests = "valid", []
        self.url = f"http://127.0.0.1:{self.server_address[1]}/v1"


class ChatHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
        mode = self.server.mode
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            return
        if mode == "slow":
            time.sleep(3)  # the server under test is slow; the client's timeout is 1 s
        if mode == "trickle":  # headers at once, then a byte every 0.3 s: each read is quick
            self.send_response(200)
            self.send_header("Content-Length", "40")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.3)
            return
        content = {"valid": json.dumps(VALID), "fenced": "```json\n" + json.dumps(VALID) + "\n```",
                   "unsure": json.dumps({**VALID, "confidence": "low"}),
                   "prose": "I think it is probably the firewall.", "slow": json.dumps(VALID),
                   "parts": [{"type": "text", "text": json.dumps(VALID)}],
                   "shape": json.dumps({"likely_cause": "x", "suggested_steps": "do it", "confidence": "sure"})}[mode]
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


@pytest.fixture
def chat(app):
    server = ChatServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config.update(RF_LLM_BASE_URL=server.url, RF_LLM_MODEL="local-test-model",
                      RF_LLM_API_KEY="sk-local", RF_LLM_TIMEOUT_SECONDS=1)
    yield server
    server.shutdown()


def quickbooks_escalation(acme, steps=1, first="Ran the QuickBooks File Doctor"):
    account, users = acme
    session = make_session(account, users["engineer"],
                           summary="QuickBooks can't open the company file over the network", domain="systems", steps=0)
    for n in range(steps):
        db.session.add(Step(account_id=account.id, session_id=session.id, author_id=users["engineer"].id,
                            tried=first if n == 0 else f"Step {n} " + "x" * 5000,
                            output="y" * 50_000 if n else None, result="didnt_work"))
    db.session.commit()
    return make_escalation(session, users["engineer"])


def test_a_valid_answer_is_used_with_the_retrieved_evidence(app, acme, history, chat):
    result = assess(quickbooks_escalation(acme))
    assert result["backend"] == "llm:local-test-model" and "fallback" not in result
    assert result["likely_cause"] == VALID["likely_cause"]
    # The evidence's suggestion first, with what to type; then the model's own step (the one
    # already tried dropped).
    assert result["suggested_steps"] == [
        {"tried": "Opened port 8019 and 55378 on the server firewall", "command": None,
         "cause": history[3].resolution},
        {"tried": "Re-enable the QBDBMgrN firewall rules", "command": None, "cause": None}]
    assert result["confidence"]["level"] == "medium" and result["matches"][0]["session_id"] == history[3].id
    # Retrieval was surer (high): the model's "medium" lowers the score with the label.
    assert result["confidence"]["score"] == round(HIGH - 0.01, 2)
    request = chat.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["headers"]["Authorization"] == "Bearer sk-local"
    assert request["body"]["model"] == "local-test-model"
    user_prompt = request["body"]["messages"][1]["content"]
    assert "QuickBooks can't open the company file" in user_prompt and history[3].resolution in user_prompt


@pytest.mark.parametrize("mode, reason", [
    ("prose", "the answer was not JSON"),
    ("shape", "suggested_steps missing or not a list of text"),
    ("error", "the endpoint answered 500"),
    ("slow", "no answer within 1 s"),
    ("trickle", "no answer within 1 s"),
    ("parts", "the reply's content was not text"),
])
def test_a_bad_answer_falls_back_to_retrieval_and_says_why(app, acme, history, chat, mode, reason, caplog):
    chat.mode = mode
    result = assess(quickbooks_escalation(acme))
    assert result["backend"] == "retrieval" and reason in result["fallback"]
    assert result["likely_cause"] == history[3].resolution
    assert any("kept retrieval" in record.getMessage() and reason in record.getMessage() for record in caplog.records)


def test_a_fenced_json_answer_is_accepted(app, acme, history, chat):
    chat.mode = "fenced"
    assert assess(quickbooks_escalation(acme))["backend"] == "llm:local-test-model"


def test_a_very_long_session_makes_a_bounded_prompt(app, acme, history, chat):
    assess(quickbooks_escalation(acme, steps=60))
    user_prompt = chat.requests[-1]["body"]["messages"][1]["content"]
    assert len(user_prompt) <= 12_000 and "Step 59" in user_prompt  # the latest steps are kept
    assert "earlier steps not shown" in user_prompt and history[3].resolution in user_prompt


def test_the_model_is_told_which_similar_session_was_ruled_out(app, acme, history, chat):
    result = assess(quickbooks_escalation(acme, first="Opened port 8019 and 55378 on the server firewall"))
    assert result["matches"][-1]["session_id"] == history[3].id and result["matches"][-1]["ruled_out"]
    user_prompt = chat.requests[-1]["body"]["messages"][1]["content"]
    assert (f"- {history[3].summary} → fixed by: {history[3].resolution} "
            "(that fix was already tried here without success)") in user_prompt


@pytest.mark.parametrize("environ, message", [
    ({"RF_LLM_BASE_URL": "ftp://models.local"}, "RF_LLM_BASE_URL must be an http:// or https:// address"),
    ({"RF_LLM_BASE_URL": "http://127.0.0.1:8080/v1"}, "RF_LLM_MODEL must name the model"),
])
def test_llm_settings_are_checked_at_startup(tmp_path, environ, message):
    from rf.core.config import Config, ConfigError

    with pytest.raises(ConfigError, match=message):
        Config(str(tmp_path), {"RF_SECRET_KEY": "k" * 32, **environ})



def test_the_model_cannot_be_surer_than_thin_history(app, acme, chat):
    account, users = acme
    session = make_session(account, users["engineer"], summary="QuickBooks can't open the company file")
    chat.mode = "valid"  # the model says "medium"
    result = assess(make_escalation(session, users["engineer"]))
    assert result["backend"] == "llm:local-test-model" and result["confidence"]["level"] == "low"
    assert result["note"].startswith("Not enough history yet")
    assert result["likely_cause"] is None and result["guess"] == VALID["likely_cause"]


def test_without_a_close_match_the_models_answer_is_only_its_guess(app, acme, history, chat):
    """Retrieval found nothing close: the model's cause is shown as its guess, not as the
    likely cause, and its steps are never offered as chips."""
    account, users = acme
    session = make_session(account, users["engineer"], summary="Outlook search returns nothing", domain="m365")
    handoff = make_escalation(session, users["engineer"])
    result = assess(handoff)
    assert result["backend"] == "llm:local-test-model" and result["confidence"]["level"] == "low"
    assert result["likely_cause"] is None and result["suggested_steps"] == []
    assert result["guess"] == VALID["likely_cause"] and result["guess_steps"] == VALID["suggested_steps"]
    user_prompt = chat.requests[-1]["body"]["messages"][1]["content"]
    assert "No close match among this company's resolved sessions" in user_prompt
    handoff.assessment = result
    db.session.commit()
    section = client_for(app, users["admin"]).get(f"/handoffs/{handoff.id}/assessment", headers=HX)
    text = section.get_data(as_text=True)
    assert "The language model's guess" in text and VALID["likely_cause"] in text
    assert "Likely cause" not in text and "No close match among your team's 12 resolved sessions." in text


def test_a_model_less_sure_than_the_evidence_lowers_the_score_and_names_no_cause(app, acme, history, chat):
    chat.mode = "unsure"  # the model says "low" where retrieval found a close match
    result = assess(quickbooks_escalation(acme))
    assert (result["confidence"]["level"], result["confidence"]["score"]) == ("low", round(MEDIUM - 0.01, 2))
    assert result["likely_cause"] is None and result["guess"] == VALID["likely_cause"]
    # The suggestions stay those of the evidence: what fixed the closest session.
    assert [suggestion["tried"] for suggestion in result["suggested_steps"]] == [
        "Opened port 8019 and 55378 on the server firewall"]
