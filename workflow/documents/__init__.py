"""The signed PDF of a signed-off assessment: rendering, signing, storing and verifying."""
