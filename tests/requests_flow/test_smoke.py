from requests_flow.choices import State


def test_received_request_gets_register_number_and_audit_row(received):
    assert received.state == State.RECEIVED
    assert received.register_number == "01/2026"
    event = received.events.get(action="receive")
    assert (event.action, event.from_state, event.to_state) == ("receive", "", "received")
    assert "Điều 26" in event.legal_basis
