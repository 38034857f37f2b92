"""`wxcard busifavor` against Python's own hmac and urllib (an independent implementation).

Random H5 links and plugin sets (1 to 10 coupons, with and without merchant codes), a fixed
seed: every sign recomputed with hmac.new(key, string, sha256), every link rebuilt with
urllib.parse.quote. Values the rules refuse (unicode, too long) must be refused (exit 2), naming
the field, without the key in what is printed.
Usage: python tests/py/busifavor_cross_check.py path/to/wxcard
"""

import hashlib
import hmac
import json
import os
import random
import string
import subprocess
import sys
from urllib.parse import quote

KEY = "192006250b4c09247ec02edce69f6a2d"
ALNUM = string.ascii_letters + string.digits
VISIBLE = "".join(chr(c) for c in range(0x21, 0x7F))


def word(rng, alphabet, low, high):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(low, high)))


def v2_sign(pairs):
    text = "&".join(f"{k}={v}" for k, v in sorted(pairs.items()) if v) + f"&key={KEY}"
    return hmac.new(KEY.encode(), text.encode(), hashlib.sha256).hexdigest().upper()


def run(cli, *args):
    env = {"PATH": os.environ.get("PATH", ""), "WXCARD_PAY_KEY": KEY}
    return subprocess.run([cli, "busifavor", *args], capture_output=True, text=True, env=env)


def main():
    cli = sys.argv[1]
    rng = random.Random(20261203)
    passed = failed = 0

    def check(name, ok, case):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"MISMATCH {name}: {case}")

    def refused(out, field):
        return out.returncode == 2 and not out.stdout and out.stderr.startswith(field + " ") and KEY not in out.stderr

    for _ in range(60):
        p = {
            "stock_id": word(rng, ALNUM, 1, 20),
            "out_request_no": word(rng, ALNUM, 1, 128),
            "send_coupon_merchant": word(rng, string.digits, 8, 15),
            "open_id": word(rng, VISIBLE, 1, 40),
            "coupon_code": word(rng, ALNUM + "-_", 1, 32) if rng.random() < 0.5 else "",
        }
        args = [f"--{k.replace('_', '-')}={v}" for k, v in p.items()]
        out = run(cli, "h5", *args)
        if out.returncode != 0:
            check("h5", False, (p, out.stderr))
            continue
        ours = json.loads(out.stdout)
        sign = v2_sign(p)
        order = ["stock_id", "out_request_no", "sign", "send_coupon_merchant", "open_id", "coupon_code"]
        values = dict(p, sign=sign)
        query = "&".join(f"{k}={quote(values[k], safe='')}" for k in order if values[k])
        url = f"https://action.weixin.qq.com/busifavor/getcouponinfo?{query}#wechat_pay&wechat_redirect"
        check("h5", ours == {"url": url, "sign": sign}, (p, ours))

    for _ in range(60):
        merchant = word(rng, string.digits, 8, 15)
        coupons = []
        creator = word(rng, string.digits, 8, 15) if rng.random() < 0.2 else ""
        for _ in range(rng.randint(1, 10)):
            code = word(rng, ALNUM + "-_", 1, 32) if rng.random() < 0.4 else ""
            coupons.append((word(rng, ALNUM, 1, 20), word(rng, ALNUM, 1, 128), code, creator))
        pairs = {"send_coupon_merchant": merchant}
        for n, (stock, no, code, creator_n) in enumerate(coupons):
            pairs.update({f"stock_id{n}": stock, f"out_request_no{n}": no, f"coupon_code{n}": code,
                          f"create_coupon_merchant{n}": creator_n})
        flags = [f"--coupon={','.join(c)}".rstrip(",") for c in coupons]
        out = run(cli, "plugin", f"--send-coupon-merchant={merchant}", *flags)
        ours = json.loads(out.stdout) if out.returncode == 0 else {}
        check("plugin", ours.get("sign") == v2_sign(pairs), (pairs, out.stderr))
        out = run(cli, "add-card", f"--send-coupon-merchant={merchant}", *flags)
        first = json.loads(json.loads(out.stdout)["cardList"][0]["cardExt"]) if out.returncode == 0 else {}
        check("add-card", first.get("sign") == v2_sign(pairs), (pairs, out.stderr))

    # What the rules refuse: unicode and lengths, each naming its field.
    for field, value in [("stock_id", "批次1"), ("stock_id", "1" * 21), ("out_request_no", "单号"),
                         ("out_request_no", "a-b"), ("send_coupon_merchant", "1001622"), ("open_id", "用户"),
                         ("open_id", "o x"), ("coupon_code", "券码")]:
        p = {"stock_id": "1212", "out_request_no": "abc", "send_coupon_merchant": "10016226", "open_id": "o1"}
        p[field] = value
        out = run(cli, "h5", *[f"--{k.replace('_', '-')}={v}" for k, v in p.items()])
        check("refused", refused(out, field), (field, value, out.returncode, out.stderr))
    out = run(cli, "plugin", "--send-coupon-merchant=10016226", *["--coupon=s,n"] * 11)
    check("refused", refused(out, "send_coupon_params"), out.stderr)

    print(f"busifavor cross-check with Python's hmac: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
