"""Teaches schemathesis (scripts/api-fuzz.sh) to send PDF request bodies: random bytes, some of
them starting like a PDF, so that `POST /api/v1/public/verify` is fuzzed past its first check."""

import schemathesis
from hypothesis import strategies as st

schemathesis.openapi.media_type(
    "application/pdf",
    st.one_of(st.binary(max_size=4096), st.binary(max_size=4096).map(lambda b: b"%PDF-1.7\n" + b)),
)
