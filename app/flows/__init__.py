"""The counter's workflows, shared by every front end: the counter session (``counter``), drafts,
who a form is for (``person``), the day at a counter (``today``), the checks of ``loket doctor``
(``doctor``) and the sweep after a killed Loket (``recovery``)."""
