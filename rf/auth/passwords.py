"""Password hashing (Argon2id at OWASP's parameters) and the password policy. Argon2 is
deliberately slow CPU work (~20 ms): it runs off the event loop (argon2-cffi releases the GIL)."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..core.offload import off_the_event_loop

# OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_dummy_hash = None

PASSWORD_MIN = 12
PASSWORD_MAX = 128
# The most common long passwords; anything here is refused whatever its length.
COMMON_PASSWORDS = {
    "password1234", "passwordpassword", "123456789012", "1234567890123", "qwertyuiopas",
    "qwertyuiop123", "iloveyou1234", "letmein12345", "administrator", "welcome12345",
    "changeme1234", "resolutionflow", "password12345", "aaaaaaaaaaaa", "abc123abc123",
}


def hash_password(password):
    return off_the_event_loop(_hasher.hash, password)


def _matches(password_hash, password):
    """The check itself, answering False rather than raising: an exception escaping gevent's
    thread pool is printed with its traceback, once per failed login."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_password(password_hash, password):
    """True when ``password`` matches; a missing hash still costs one full verification
    so response time does not reveal whether an email is registered."""
    global _dummy_hash
    if password_hash is None:
        if _dummy_hash is None:
            _dummy_hash = _hasher.hash("not-a-real-password")
        password_hash, password = _dummy_hash, password + "\0"
    return off_the_event_loop(_matches, password_hash, password)


def needs_rehash(password_hash):
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password, email=""):
    """What is wrong with a new password, in words a user can act on; None when it is fine."""
    password = password or ""
    if len(password) < PASSWORD_MIN:
        return (f"Use at least {PASSWORD_MIN} characters (this one has {len(password)}). "
                "A few unrelated words make a strong, memorable password.")
    if len(password) > PASSWORD_MAX:
        return f"Use at most {PASSWORD_MAX} characters."
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(lowered)) < 4:
        return "That password is too easy to guess. Try a few unrelated words."
    local_part = email.split("@", 1)[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        return "Don't include your email address in the password."
    return None
