"""What leaves the counter on paper: the services and their forms (``catalog``), the values a form is
filled with (``formdata``), the one print job (``printjob``: number, render, deliver, register, audit),
the encrypted copies kept for reprints (``copies``) and the reprint itself (``reprint``)."""
