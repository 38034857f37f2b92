"""The safe mode's encryption against wechatpy's WeChatCrypto (an independent implementation).

Reads cases from stdin, one JSON object a line, each encrypted by wxcard:
  {"token", "key", "appid", "xml", "random", "timestamp", "nonce", "encrypt", "msg_signature"}
For each case, wechatpy
  1. encrypts the same XML with the same 16-byte prefix and must give the same Encrypt text and
     msg_signature (byte for byte);
  2. checks wxcard's msg_signature and decrypts wxcard's Encrypt, which must give the XML back;
  3. encrypts the XML again with a random prefix of its own, for wxcard to open.
Writes one JSON object a line: {"mismatch": [...], "their_encrypt", "their_msg_signature"}.

Run by tests/push.rs (`wechatpy_cross_check`, ignored by default):
  WXCARD_PYTHON=target/pyenv/bin/python cargo test --features events --test push -- --ignored wechatpy
"""

import json
import re
import sys

from wechatpy.crypto import PrpCrypto, WeChatCrypto


def field(xml, name):
    match = re.search(r"<%s>(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?</%s>" % (name, name), xml, re.S)
    return match.group(1) if match else None


def main():
    original_random = PrpCrypto.get_random_string
    for line in sys.stdin:
        if not line.strip():
            continue
        case = json.loads(line)
        mismatch = []
        crypto = WeChatCrypto(case["token"], case["key"], case["appid"])

        # 1. The same prefix gives the same bytes.
        PrpCrypto.get_random_string = lambda self, r=case["random"]: r
        try:
            envelope = crypto.encrypt_message(case["xml"], case["nonce"], case["timestamp"])
        finally:
            PrpCrypto.get_random_string = original_random
        if field(envelope, "Encrypt") != case["encrypt"]:
            mismatch.append("encrypt")
        if field(envelope, "MsgSignature") != case["msg_signature"]:
            mismatch.append("msg_signature")

        # 2. wxcard's ciphertext opens in wechatpy.
        body = "<xml><ToUserName><![CDATA[gh_x]]></ToUserName><Encrypt><![CDATA[%s]]></Encrypt></xml>" % case["encrypt"]
        try:
            xml = crypto.decrypt_message(body, case["msg_signature"], case["timestamp"], case["nonce"])
            if xml != case["xml"]:
                mismatch.append("decrypt")
        except Exception as e:  # noqa: BLE001 - any failure is a mismatch to report
            mismatch.append("decrypt: %s" % type(e).__name__)

        # 3. A ciphertext of wechatpy's own, with its own random prefix.
        theirs = crypto.encrypt_message(case["xml"], case["nonce"], case["timestamp"])
        out = {
            "mismatch": mismatch,
            "their_encrypt": field(theirs, "Encrypt"),
            "their_msg_signature": field(theirs, "MsgSignature"),
        }
        sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
