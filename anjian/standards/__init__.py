"""National work-safety rules as pure functions over tables (no Django import).

One module per source: ``accident`` (493号令, GB 6441, accident fines), ``gb18218`` (major hazard
installations), ``risk`` (LEC/LS), ``credit_code`` (GB 32100), ``region_code`` (GB/T 2260),
``validity`` (licence and certificate cycles), ``penalty`` (安全生产法 2021), ``phone`` (mobile
and fixed-line formats), ``coordinates`` (plausible longitude and latitude), ``inspection``
(yearly inspection caps per province, classified supervision, draw weights), ``random_draw``
(the verifiable 双随机 draw), ``workdays`` (working days with holidays and 调休 makeup days per
year), ``enforcement`` (行政处罚法 and 行政强制法 clocks, surcharge, time bar, summary procedure,
hearing, 安全生产法 Art 113 closure trigger; the last three from ``enforcement_decisions``),
``enforcement_remedies`` (hearing notice, review and litigation periods). Every public function
returns a frozen result with ``as_dict()`` and a Chinese ``explanation``; bad input raises
``StandardsError`` (``region_code`` is plain arithmetic on codes and raises ``CodeError``;
``workdays`` returns plain dates, counts and flags, which the ``enforcement`` clocks explain).
"""

from anjian.standards.base import StandardsError

__all__ = ["StandardsError"]
