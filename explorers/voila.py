"""Voilà's configuration for the explorer app, read beside voila.json when Voilà starts in this
folder (README, "Explore"; hub/jupyterhub_config.py for the course hub's service).

- The page template `course` (share/voila/templates/course/) is Voilà's lab page without its
  Font Awesome CDN links: every asset comes from the app itself.
- A visitor's browser may only talk to the widgets in its kernel: any other message (code to
  execute, completions, inspection, debugging) is dropped. Voilà alone would run code sent on
  the kernel's websocket; the explorers' kernels hold the course's reference functions.
"""

import json
import os
from pathlib import Path

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

here = Path(__file__).resolve().parent
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    [str(here / "share"), *filter(None, [os.environ.get("JUPYTER_PATH")])])

c = get_config()  # noqa: F821  (injected by traitlets when Voilà loads this file)
c.VoilaConfiguration.template = "course"

# what the widgets of a page need from its kernel; everything else stays in the browser
ALLOWED = {"comm_open", "comm_msg", "comm_close", "comm_info_request", "kernel_info_request"}


def message_type(message):
    """The msg_type of a websocket message, JSON or Jupyter's binary v1 framing."""
    try:
        if isinstance(message, str):
            return json.loads(message)["header"]["msg_type"]
        count = int.from_bytes(message[:8], "little")
        offsets = [int.from_bytes(message[8 * (i + 1):8 * (i + 2)], "little")
                   for i in range(count)]
        return json.loads(message[offsets[1]:offsets[2]])["msg_type"]
    except (ValueError, KeyError, IndexError, TypeError):
        return None


class WidgetsOnly(ZMQChannelsWebsocketConnection):
    """The kernel's websocket, passing on only the widgets' messages from the browser."""

    def handle_incoming_message(self, incoming_msg):
        kind = message_type(incoming_msg)
        if kind not in ALLOWED:
            self.log.warning("explorer app: dropped a %r message from the browser", kind)
            return
        return super().handle_incoming_message(incoming_msg)


c.Voila.kernel_websocket_connection_class = WidgetsOnly
