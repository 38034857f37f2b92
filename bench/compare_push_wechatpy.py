"""The pushes examples/push_ns.rs wrote, opened the way a wechatpy receiver opens them: the URL
signature (check_signature), then WeChatCrypto.decrypt_message (msg_signature, AES-256-CBC, the
appid) and parse_message (the XML and the typed event). Best of 5 rounds, ns per push.

    python bench/compare_push_wechatpy.py FILE
"""
import hashlib
import json
import sys
import time

from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.events import UserGetCardEvent
from wechatpy.utils import check_signature

with open(sys.argv[1]) as f:
    header = json.loads(f.readline())
    pushes = [json.loads(line) for line in f]

token, app_id = header["token"], header["app_id"]
crypto = WeChatCrypto(token, header["encoding_aes_key"], app_id)


def open_push(p):
    check_signature(token, p["signature"], p["timestamp"], p["nonce"])
    xml = crypto.decrypt_message(p["body"], p["msg_signature"], p["timestamp"], p["nonce"])
    return parse_message(xml)


def open_push_without_url_signature(p):
    xml = crypto.decrypt_message(p["body"], p["msg_signature"], p["timestamp"], p["nonce"])
    return parse_message(xml)


# What every push says, to match what wxcard read: the codes received, in order.
codes = []
for i, p in enumerate(pushes):
    event = open_push(p)
    assert isinstance(event, UserGetCardEvent), f"push {i}: {type(event).__name__}"
    assert event.source == f"oZI8Fj{i:022}", f"push {i}: {event.source}"
    codes.append(event.code)


def best_ns(*fs, passes=2):
    """ns per push of each of fs, best of 5 rounds, their rounds taken in turn (so that both
    see the same machine when it is shared)."""

    def timed(f):
        start = time.perf_counter()
        for _ in range(passes):
            for p in pushes:
                f(p)
        return (time.perf_counter() - start) / (passes * len(pushes)) * 1e9

    rounds = [[timed(f) for f in fs] for _ in range(5)]
    return [min(r[i] for r in rounds) for i in range(len(fs))]


with_url, without_url = best_ns(open_push, open_push_without_url_signature)
print(f"pushes {len(pushes)}")
print(f"codes_sha1 {hashlib.sha1(chr(10).join(codes).encode()).hexdigest()}")
print(f"push_ns {with_url:.1f}")
print(f"decrypt_parse_ns {without_url:.1f}")
