"""The office's local card service: HTTP and WebSocket on 127.0.0.1 for the web systems on this PC.

The SIMRS, the village system or the queue system in the browser beside Loket gets the record the chip and
Dukcapil vouch for, with the clerk's consent, instead of a clerk copying between windows. One service, two
hosts: `loket serve` (app/cli/serve.py, a headless counter in app/webapi/headless.py) and the running
counter window (app/ui/handoff.py). Either host feeds the same :class:`~app.webapi.feed.CounterFeed`; the
service never drives the card itself, so the window and the service can never disagree about who is on the
reader.

- ``clients``: the applications IT registered (name, origins, what they may get); tokens in the OS keyring.
- ``consent``: which application asked for the person on screen, and what the clerk answered.
- ``feed``: what is on screen now and the events the readers produce, from whichever host runs the counter.
- ``events``: the WebSocket fan-out, bounded per subscriber (a client that never reads is dropped).
- ``person``: the record as Loket JSON, SATUSEHAT Patient or Khanza row; every hand-off is an audit row.
- ``formjob``: a form filled with the client's own values, through the counter's one print job.
- ``server``: the aiohttp application, its loop on a thread of its own, bound to loopback only.
"""
