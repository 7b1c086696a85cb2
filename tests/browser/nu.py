"""The Nu HTML Checker (vnu-jar from npm), run as a local web service for the whole test session.

Every HTML page a browser test loads from the portal is sent to it as the server sent it; an error fails the test
that loaded the page.
"""

import json
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class NuChecker:
    def __init__(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss4m",
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(VNU),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._wait()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                self.check("<!DOCTYPE html><html lang=en><title>t</title></html>")
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("The Nu HTML Checker did not start within 60 seconds.")

    def check(self, html: str) -> list[dict]:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)["messages"]

    def errors(self, documents) -> list[str]:
        """One line per error across the documents: the page, the message and the markup it points at."""
        found = []
        for url, html in documents:
            for message in self.check(html):
                if message["type"] == "error" or message.get("subType") == "fatal":
                    found.append(
                        f"{url} line {message.get('lastLine')}: {message['message']} {message.get('extract', '')!r}"
                    )
        return found

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
