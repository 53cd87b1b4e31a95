"""Copy the README's screenshots from the browser tests to docs/screenshots/.

The browser tests write every screenshot to .browser-artifacts/screenshots/ (not in
git). `make screenshots` runs them and then this script, which keeps the chosen
ones, reduced to 256 colours so each stays small.
"""

import sys
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / ".browser-artifacts" / "screenshots"
TARGET = ROOT / "docs" / "screenshots"
CHOSEN = [
    "home-desktop.png",
    "workshop-desktop.png",
    "module-desktop.png",
    "quiz-desktop.png",
    "quiz-result-desktop.png",
    "dashboard-desktop.png",
    "certificate-desktop.png",
    "admin-progress-report-desktop.png",
    "quiz-phone.png",
    "verification-phone.png",
]


def main():
    missing = [name for name in CHOSEN if not (SOURCE / name).exists()]
    if missing:
        sys.exit(f"Run the browser tests first; missing in {SOURCE}: {missing}")
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in CHOSEN:
        image = Image.open(SOURCE / name).convert("RGB")
        small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
        small.save(TARGET / name, optimize=True)
        print(f"{TARGET / name}: {(TARGET / name).stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
