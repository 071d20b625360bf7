"""The server's Socket.IO packets: pre-encoded snapshots are written exactly as python-socketio would."""

from __future__ import annotations

from socketio import packet

from server.transports.packets import JsonText, SyncPacket

SNAPSHOT = {
    "workspace": "w",
    "seq": 12,
    "objects": {"activity": [{"id": "a-1", "name": 'Opvoedspreekuur \u00e9\u00e9n \u2013 "wijk"', "reach": 40}]},
}


def test_a_pre_encoded_payload_is_sent_as_the_default_encoder_would_send_it() -> None:
    for namespace, ack_id in (("/sync", None), ("/sync", 7), ("/", None)):
        ours = SyncPacket(packet.EVENT, data=["snapshot", JsonText.of(SNAPSHOT)], namespace=namespace, id=ack_id)
        theirs = packet.Packet(packet.EVENT, data=["snapshot", SNAPSHOT], namespace=namespace, id=ack_id)
        assert ours.encode() == theirs.encode()
        decoded = packet.Packet(encoded_packet=ours.encode())
        assert decoded.data == ["snapshot", SNAPSHOT] and decoded.namespace == (None if namespace == "/" else namespace)


def test_ordinary_payloads_are_encoded_by_python_socketio() -> None:
    event = ["ops", {"seq": 3, "ops": [{"op": "set", "value": "caf\u00e9"}]}]
    assert SyncPacket(packet.EVENT, data=event, namespace="/sync").encode() == (
        packet.Packet(packet.EVENT, data=event, namespace="/sync").encode()
    )


def test_a_clients_binary_packet_is_still_decoded() -> None:
    """Outgoing packets are never binary; an incoming binary event still parses (and is then refused by the
    event handlers like any other bad payload)."""
    received = SyncPacket(encoded_packet='51-/sync,["mutate",{"_placeholder":true,"num":0}]')
    assert received.packet_type == packet.BINARY_EVENT and received.attachment_count == 1
