from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim, Claimant, Correction, LinkCheck, Rating, Source, Topic, Verdict

for model in (Claimant, Topic, Rating, Correction, LinkCheck):
    admin.site.register(model)
for model in (Claim, Source, Verdict):
    admin.site.register(model, SimpleHistoryAdmin)
