"""JupyterHub logins for the explorer app when the hub runs it as a service
(hub/jupyterhub_config.py): Voilà is a Jupyter server, so JupyterHub's own identity provider
checks each visitor's hub login and their `access:services!service=explorer` scope. Voilà
registers the provider's OAuth callback without its base URL; here it gets the service's prefix.
hub/setup copies this file beside the service's copy of the explorers.
"""

import os

from jupyterhub.singleuser.extension import JupyterHubIdentityProvider
from jupyterhub.utils import url_path_join


class HubIdentity(JupyterHubIdentityProvider):
    def get_handlers(self):
        prefix = os.environ["JUPYTERHUB_SERVICE_PREFIX"]
        return [(url_path_join(prefix, path), *rest) for path, *rest in super().get_handlers()]
