"""A virtual e-KTP card and Dukcapil SAM that look, from the host, like the real ones (ektp-protocol.md §6)."""

# The simulated SAM's unlock secrets (documented in README): fixed test values, not real ones.
SIM_PCID = bytes.fromhex("4c4f4b45542d53494d2d504349442d31")  # "LOKET-SIM-PCID-1"
SIM_CONF = bytes.fromhex("4c4f4b45542d53494d554c415445442d53414d2d434f4e462d30303030303031")
