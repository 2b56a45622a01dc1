from django.http import HttpResponse

from threadline.core import policies
from threadline.core.access import policy
from threadline.core.models import AuditAction
from threadline.core.selectors import record_for
from threadline.core.services import audit_record

from .models import Casefile


@policy(policies.is_signed_in)
def casefile(request, pk):
    record = record_for(request.user, Casefile.objects.all(), pk)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=record)
    return HttpResponse(record.title)
