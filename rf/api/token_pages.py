"""Owners' and admins' API tokens page: make one (shown once), see when each was last used,
revoke one."""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from ..core.access import role_required
from ..core.extensions import db
from ..core.forms import Form
from ..core.models import API_SCOPES, API_TOKEN_NAME_MAX, ApiToken, utcnow
from ..core.tenancy import get_or_404, scoped
from . import bp
from .tokens import make_token

ADMINS_ONLY = "Only owners and admins can make API tokens."


class TokenForm(Form):
    name = StringField("Name", filters=[lambda value: (value or "").strip()],
                       validators=[InputRequired("Name the token after where it's used, e.g. “Power BI”."),
                                   Length(max=API_TOKEN_NAME_MAX,
                                          message=f"At most {API_TOKEN_NAME_MAX} characters.")])
    scopes = SelectMultipleField("What it may read", choices=[SelectChoice(k, v) for k, v in API_SCOPES.items()],
                                 option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
                                 validators=[InputRequired("Choose at least one thing it may read.")])


def tokens_page(form=None, new_token=None, status=200):
    tokens = db.session.scalars(scoped(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(),
                                                          ApiToken.id.desc())).all()
    return render_template("api/tokens.html", tokens=tokens, form=form or TokenForm(formdata=None),
                           new_token=new_token, scopes=API_SCOPES), status


@bp.route("/settings/api-tokens")
@role_required("admin", denied=ADMINS_ONLY)
def tokens():
    return tokens_page()


@bp.route("/settings/api-tokens", methods=["POST"])
@role_required("admin", denied=ADMINS_ONLY)
def create_token():
    form = TokenForm()
    if not form.validate():
        return tokens_page(form, status=422)
    row, token = make_token(current_user, form.name.data, form.scopes.data)
    db.session.commit()
    return tokens_page(new_token={"row": row, "token": token})


@bp.route("/settings/api-tokens/<int:token_id>/revoke", methods=["POST"])
@role_required("admin", denied=ADMINS_ONLY)
def revoke_token(token_id):
    row = get_or_404(ApiToken, token_id)
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        db.session.commit()
    flash(f"“{row.name}” is revoked: requests with it now get 401.", "success")
    return redirect(url_for("api.tokens"))
