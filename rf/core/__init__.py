"""What every feature may import and that imports no feature: settings, extensions, models,
tenancy, locks, access control, the forms base, UI helpers, errors, filters, security
headers, rate limiting and address validation (see docs/architecture.md)."""


def init_app(app, migrations_directory):
    """Bind the extensions and install the app-wide hooks, error pages and filters."""
    from . import access, errors, filters, security, transactions
    from .extensions import csrf, db, htmx, login_manager, mail, migrate
    from .offload import PiecewiseRequest, parse_big_body

    # Before CSRF: an expired login is sent to the login page, not told its token is stale,
    # and a big form is parsed off the event loop (the CSRF check reads the form).
    app.before_request(access.require_login)
    app.before_request(parse_big_body)
    db.init_app(app)
    transactions.init_app(app)
    migrate.init_app(app, db, directory=migrations_directory, render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    htmx.init_app(app)
    app.request_class = PiecewiseRequest  # after htmx's, which it extends
    login_manager.init_app(app)
    errors.register(app)
    filters.register(app)
    security.register(app)
