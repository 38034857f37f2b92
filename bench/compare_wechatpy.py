"""The same card_ext signature with wechatpy's WeChatSigner, as a Python server would compute it."""
import sys
import timeit

from wechatpy.utils import WeChatSigner

values = sys.argv[1:]


def sign():
    signer = WeChatSigner()
    signer.add_data(*values)
    return signer.signature


n = 50_000
best = min(timeit.repeat(sign, number=n, repeat=5)) / n * 1e9
print(f"signature {sign()}")
print(f"signature_ns {best:.1f}")
