"""The United Nations list of least developed countries (LDCs), by ISO 3166-1 alpha-2 code.

44 countries, as listed by UN-OHRLLS after São Tomé and Príncipe graduated (13 December
2024); Bhutan graduated in 2023. Scheduled graduations to watch when updating this list:
Bangladesh, Lao PDR and Nepal (set for 24 November 2026 by GA resolution 76/8) and the
Solomon Islands (December 2027).
"""

from __future__ import annotations

_LDC = (
    # Africa (32)
    "AO BJ BF BI CF TD KM CD DJ ER ET GM GN GW LS LR MG MW ML MR MZ NE RW SN SL SO SS SD TG "
    "UG TZ ZM "
    # Asia (8)
    "AF BD KH LA MM NP TL YE "
    # Caribbean (1)
    "HT "
    # Pacific (3)
    "KI SB TV"
)
LDC_CODES: frozenset[str] = frozenset(_LDC.split())
