"""Input and output shapes of the sign-in API."""

import datetime

from ninja import Schema

from sotay.core.schemas import RequiredText20, RequiredText40, RequiredText128, Text100


class ActivateIn(Schema):
    code: RequiredText20  # as printed ("ABCD-EFGH"); case, spaces and dashes do not matter
    identifier: RequiredText40  # the member's phone or card number
    password: RequiredText128
    device: Text100 = ""  # what the token list shows, such as "Lan's phone"


class TokenIn(Schema):
    identifier: RequiredText40  # phone or card number (staff: username)
    password: RequiredText128
    device: Text100 = ""


class TokenOut(Schema):
    id: int
    token: str  # shown once; send it as `Authorization: Bearer <token>`
    user_id: int
    member_id: int | None


class SignInOut(Schema):
    id: int
    device: str
    address: str | None
    signed_in_at: datetime.datetime
    last_seen_at: datetime.datetime
    current: bool


class SignInTokenOut(Schema):
    id: int
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    current: bool
