"""The `wxcard` CLI against wechatpy's signer (an independent implementation in another language).

Random card_ext, chooseCard and wx.config inputs, a fixed seed, every signature compared.
Usage: python tests/py/cross_check.py path/to/wxcard
"""

import json
import random
import subprocess
import sys

from wechatpy.utils import WeChatSigner

ALPHABET = "abcdefXYZ0123456789_-中文é"


def word(rng, low, high):
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(low, high)))


def wechatpy_sorted_sha1(*values):
    signer = WeChatSigner()
    signer.add_data(*[v for v in values if v])
    return signer.signature


def wechatpy_jsapi(ticket, noncestr, timestamp, url):
    signer = WeChatSigner(delimiter=b"&")
    # WeChatSigner sorts its items; these four happen to sort as wx.config lists them.
    signer.add_data(f"jsapi_ticket={ticket}", f"noncestr={noncestr}", f"timestamp={timestamp}", f"url={url}")
    return signer.signature


def run(cli, command, *pairs):
    # --flag=value, so that values starting with "-" stay values.
    args = [f"{pairs[i]}={pairs[i + 1]}" for i in range(0, len(pairs), 2)]
    out = subprocess.run([cli, command, *args], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    cli = sys.argv[1]
    rng = random.Random(20261123)
    passed = failed = 0

    def check(name, ours, theirs, case):
        nonlocal passed, failed
        if ours == theirs:
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH {name}: ours {ours} wechatpy {theirs} for {case}")

    for _ in range(60):
        ticket, card_id = word(rng, 20, 40), word(rng, 10, 28)
        code = word(rng, 0, 20) if rng.random() < 0.6 else ""
        openid = word(rng, 0, 28) if rng.random() < 0.5 else ""
        nonce = word(rng, 1, 32)
        ts = str(rng.randint(1_000_000_000, 2_000_000_000))
        args = ["card-ext", "--api-ticket", ticket, "--card-id", card_id, "--timestamp", ts, "--nonce-str", nonce]
        if code:
            args += ["--code", code]
        if openid:
            args += ["--openid", openid]
        ext = json.loads(run(cli, *args)["cardExt"])
        case = dict(ticket=ticket, card_id=card_id, code=code, openid=openid, nonce=nonce, ts=ts)
        check("card_ext", ext["signature"], wechatpy_sorted_sha1(ticket, ts, card_id, code, openid, nonce), case)

    for _ in range(40):
        ticket, app_id, nonce = word(rng, 20, 40), "wx" + word(rng, 16, 16), word(rng, 1, 32)
        shop = str(rng.randint(1, 10**9)) if rng.random() < 0.5 else ""
        card_type = rng.choice(["", "GROUPON", "CASH", "DISCOUNT", "GIFT", "GENERAL_COUPON"])
        card_id = word(rng, 10, 28) if rng.random() < 0.5 else ""
        ts = str(rng.randint(1_000_000_000, 2_000_000_000))
        args = ["choose-card", "--api-ticket", ticket, "--app-id", app_id, "--timestamp", ts, "--nonce-str", nonce,
                "--shop-id", shop, "--card-type", card_type, "--card-id", card_id]
        ours = run(cli, *args)["cardSign"]
        check("cardSign", ours, wechatpy_sorted_sha1(ticket, app_id, shop, ts, nonce, card_id, card_type), args)

    for _ in range(40):
        ticket, nonce = word(rng, 20, 90), word(rng, 1, 32)
        url = "https://m.example.com/" + word(rng, 0, 12) + "?q=" + word(rng, 0, 8)
        ts = str(rng.randint(1_000_000_000, 2_000_000_000))
        ours = run(cli, "jsapi-config", "--jsapi-ticket", ticket, "--url", url + "#frag", "--app-id", "wx1",
                   "--timestamp", ts, "--nonce-str", nonce)["signature"]
        check("wx.config", ours, wechatpy_jsapi(ticket, nonce, ts, url), (ticket, nonce, ts, url))

    print(f"cross-check with wechatpy: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
