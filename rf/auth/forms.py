"""Forms for login, invitations and team changes. Limits match the column sizes."""
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, ValidationError

from ..core.forms import Form
from ..core.models import ASSIGNABLE_ROLES, EMAIL_MAX, NAME_MAX, ROLE_LABELS, normalize_email
from ..core.validation import email_problem
from .passwords import PASSWORD_MAX, password_problem

ROLE_CHOICES = [SelectChoice(role, ROLE_LABELS[role]) for role in ASSIGNABLE_ROLES]
INVALID_ROLE = "Choose a role: Admin, Engineer or Viewer. Ownership moves only through a transfer."


def valid_email(form, field):
    problem = email_problem(normalize_email(field.data), EMAIL_MAX)
    if problem:
        raise ValidationError(problem)


class LoginForm(Form):
    email = EmailField("Email", validators=[DataRequired("Enter your email."),
                                            Length(max=EMAIL_MAX, message="That email is too long.")])
    password = PasswordField("Password", validators=[DataRequired("Enter your password."),
                                                     Length(max=PASSWORD_MAX, message="That password is too long.")])


class InviteForm(Form):
    email = EmailField("Email", validators=[InputRequired("Enter an email address."), valid_email])
    role = SelectField("Role", choices=ROLE_CHOICES, default="engineer",
                       validate_choice=False)

    def validate_role(self, field):
        if field.data not in ASSIGNABLE_ROLES:
            raise ValidationError(INVALID_ROLE)


class RoleForm(Form):
    role = SelectField("Role", choices=ROLE_CHOICES, validate_choice=False)

    def validate_role(self, field):
        if field.data not in ASSIGNABLE_ROLES:
            raise ValidationError(INVALID_ROLE)


class NewPasswordForm(Form):
    """A new password, typed twice, under the signup policy (which reads the login's email):
    the form a reset link opens, and the base of joining and of changing a password."""
    password = PasswordField("New password", validators=[InputRequired("Choose a new password.")])
    confirm = PasswordField("Repeat the new password", validators=[
        InputRequired("Repeat the new password."), EqualTo("password", "The two new passwords don't match.")])

    def __init__(self, email, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field):
        problem = password_problem(field.data, self._email)
        if problem:
            raise ValidationError(problem)


class AcceptInviteForm(NewPasswordForm):
    name = StringField("Your name", validators=[
        DataRequired("Enter your name."),
        Length(max=NAME_MAX, message=f"Names are at most {NAME_MAX} characters.")])
    password = PasswordField("Password", validators=[InputRequired("Choose a password.")])
    confirm = PasswordField("Repeat password", validators=[
        InputRequired("Repeat the password."), EqualTo("password", "The two passwords don't match.")])


class TransferForm(Form):
    new_owner = SelectField("New owner", coerce=int, validate_choice=False)
    confirm = BooleanField("I understand I will become an admin of this account",
                           validators=[DataRequired("Tick the box to confirm the transfer.")])

    def validate_new_owner(self, field):
        if field.data not in {choice.value for choice in self.new_owner.choices}:
            raise ValidationError("Choose an active member of your team.")


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField("Current password", validators=[InputRequired("Enter your current password.")])

    def validate_password(self, field):
        if field.data and field.data == self.current.data:
            raise ValidationError("Choose a password you haven't been using.")
        super().validate_password(field)


class ForgotPasswordForm(Form):
    email = EmailField("Email", validators=[DataRequired("Enter your email."),
                                            Length(max=EMAIL_MAX, message="That email is too long.")])
