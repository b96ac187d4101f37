# كلمات consentry بالعربية (Project Fluent). المعرّفات نفسها التي في ../en/consentry.ftl.
# المصطلحات كما في docs/glossary-ar.md.

## report.html: headings, table headers and words

report-title = تقرير مخاطر قائمة جهات الاتصال
report-recommendation = التوصية
report-records = سجلات
report-keep = إبقاء
report-review = مراجعة
report-exclude = استبعاد
report-decisions = القرارات
report-top-rules = أكثر القواعد انطباقاً
report-jurisdictions = الاختصاصات القضائية
report-pii = البيانات الشخصية حسب العمود
report-rules-fired = القواعد المنطبقة
report-code = الرمز
report-rule = القاعدة
report-severity = الخطورة
report-action = الإجراء
report-why = الأهمية
report-references = المراجع
report-worst = السجلات الأعلى خطورة (مقنّعة)
report-record = السجل
report-risk = الخطورة
report-codes = الرموز
report-phone = الهاتف
report-email = البريد الإلكتروني
report-gate = بوابة الاستيراد
report-passed = ناجحة
report-failed = فاشلة
report-audit-date = تاريخ التدقيق
report-channels = القنوات
report-drop-column = احذف العمود
report-none = لا يوجد
report-disclaimer = أُنشئ دون اتصال بالإنترنت بواسطة consentry. ليس استشارة قانونية.
report-by-channel = حسب القناة
report-channel = القناة
report-no-contact = لا توجد وسيلة اتصال
report-unrecognised = قيم غير مفهومة
report-unrecognised-note = عوملت كمصدر غير معروف وبلا موافقة. صنّف قيمك في ملف الإعدادات consentry.toml.
report-value = القيمة
report-column-role = دور العمود

## access.html and access.md (subject export)

access-title = بياناتك: تقرير الاطلاع
access-intro = ما تحتويه هذه القوائم عنك، ومصدره، وسجلات موافقتك، والقوائم التي تمنع التواصل معك (المادة 15 من اللائحة العامة لحماية البيانات؛ المادة 4 من نظام حماية البيانات الشخصية السعودي؛ المواد 13-15 من المرسوم بقانون اتحادي رقم 45 لسنة 2021؛ المادة 2 من القانون المصري رقم 151 لسنة 2020).
access-as-of = التاريخ
access-contact-points = بيانات التواصل التي بُحث عنها
access-searched = عدد الملفات التي بُحث فيها
access-file = القائمة
access-record = السجل
access-held = سجلك
access-mentioned = ذُكرت في نص
access-source = المصدر
access-collected = تاريخ الجمع
access-consent = سجلات الموافقة
access-suppression = قوائم حظر التواصل
access-none = لا يوجد.

## report.md: the Markdown report's headings, table headers and notes (an id is the English text, slugged)

md-consentry-risk-report = تقرير مخاطر قائمة جهات الاتصال من consentry
md-none-dot = لا يوجد.
md-none-found-dot = لم يُعثر على شيء.
md-records = سجلات
md-none = بلا وسيلة اتصال
md-passed = ناجحة
md-failed-caps = فاشلة
md-h-by-channel = ## حسب القناة
md-each-channel-is-answered-on-its-own-none-counts-dot = تُجاب كل قناة وحدها؛ و«بلا وسيلة اتصال» تعدّ السجلات التي لا تملك وسيلة اتصال صالحة فيها.
md-channel = القناة
md-h-rules-that-fired = ## القواعد المنطبقة
md-code = الرمز
md-rule = القاعدة
md-severity = الخطورة
md-action = الإجراء
md-why = السبب
md-references-colon = المراجع:
md-by-jurisdiction = حسب الاختصاص القضائي
md-by-source = حسب المصدر
md-by-subject = حسب نوع صاحب البيانات
md-h-personal-data-in-free-text-columns = ## البيانات الشخصية في أعمدة النص الحر
md-drop-column = احذف العمود
md-h-suppression-lists = ## قوائم الحظر
md-list = القائمة
md-kind = النوع
md-checked = تاريخ الفحص
md-age-days = العمر (أيام)
md-screens = تفحص
md-entries = المدخلات
md-records-matched = السجلات المطابقة
md-unreadable-lines = أسطر غير مقروءة
md-h-values-not-understood = ## قيم لم تُفهم
md-these-source-and-consent-values-were-read-as-an-dot = قُرئت قيم المصدر والموافقة هذه على أنها مصدر مجهول ولا موافقة. صنّف قيمك في `consentry.toml` (`[sources]`، `[consent_values]`).
md-column-role = دور العمود
md-value = القيمة
md-h-records-set-aside-as-unreadable = ## سجلات نُحّيت لتعذر قراءتها
md-these-lines-of-the-input-could-not-be-read-as-re-dot = تعذرت قراءة هذه الأسطر من الملف كسجلات؛ وهي في `rejected.<ext>` كما كانت، ولم تُدقَّق.
md-line = السطر
md-lines = الأسطر
md-bytes = البايتات
md-h-highest-risk-records-masked = ## السجلات الأعلى خطورة (مقنّعة)
md-record = السجل
md-decision = القرار
md-risk = الخطورة
md-codes = الرموز
md-phone = الهاتف
md-e-mail = البريد الإلكتروني
md-h-waivers = ## الاستثناءات
md-fingerprint = البصمة
md-expires = ينتهي
md-status = الحالة
md-findings-waived = النتائج المستثناة
md-reason = السبب
md-the-input-file-changed-dot = {" "}تغيّر ملف الإدخال.
md-before = قبل
md-now = الآن
md-change = التغيّر
md-h-packs = ## حزم القواعد
md-rules = قواعد
md-report-schema = مخطط التقرير
md-this-report-is-not-legal-advice-dot = هذا التقرير ليس استشارة قانونية.

## Vocabulary words: channels, severities, decisions, sources, subjects (report.json keeps them in English)

term-call = مكالمة
term-sms = رسالة نصية
term-whatsapp = واتساب
term-email = بريد إلكتروني
term-info = معلومة
term-low = منخفضة
term-medium = متوسطة
term-high = عالية
term-critical = حرجة
term-review = مراجعة
term-exclude = استبعاد
term-keep = إبقاء
term-scraped = مجمّعة آليًا
term-purchased = مشتراة
term-first-party = جُمعت مباشرة
term-partner = من شريك
term-unknown = مجهول
term-business = شركة
term-individual = فرد

## Kinds of personal data found in a column

pii-email = عناوين بريد إلكتروني
pii-phone = أرقام هواتف
pii-iban = أرقام حسابات مصرفية دولية (IBAN)
pii-card-number = أرقام بطاقات دفع
pii-saudi-id = هويات سعودية أو إقامات
pii-emirates-id = هويات إماراتية
pii-egyptian-id = أرقام قومية مصرية
pii-person-name = أسماء أشخاص

## consentry serve: the web page

page-title = تدقيق قائمة جهات اتصال
page-privacy = يعمل على هذا الحاسوب. لا تُرسَل القائمة إلى أي مكان آخر، وتُحذف عند إيقاف الخادم.
page-drop = أفلت القائمة هنا، أو انقر لاختيارها (CSV أو TSV أو JSON أو NDJSON أو Parquet أو XLSX)
page-channels = قنوات التواصل
page-ch-call = مكالمة
page-ch-sms = رسالة نصية
page-ch-whatsapp = واتساب
page-ch-email = بريد إلكتروني
page-as-of = تاريخ التدقيق (فارغ: اليوم)
page-more = خيارات أخرى
page-consent = سجلات الموافقة
page-suppress = قائمة حظر
page-suppress-kind = نوعها
page-kind-internal = قائمة حظر التواصل الخاصة بك
page-kind-guess = تعرّف عليها تلقائيًا
page-checked-at = تاريخ مطابقتها مع السجل
page-region = دولة الأرقام المحلية (مثل SA)
page-jurisdiction = الدولة عندما لا يذكر السجل دولة (مثل AE)
page-fail-on = إخفاق بوابة الاستيراد عند
page-fail-exclude = استبعاد
page-fail-review = مراجعة أو استبعاد
page-fail-never = أبدًا
page-bad-records = السجلات غير المقروءة
page-bad-error = توقّف واشرح
page-bad-quarantine = اعزلها وتابع
page-split = ملف إبقاء لكل قناة أيضًا
page-max-rate = الإخفاق فقط فوق هذه النسبة من السجلات (من 0 إلى 1، مثل 0.05)
page-select = هذه القواعد فقط (رموز مفصولة بفواصل)
page-ignore = تجاهل هذه القواعد (رموز مفصولة بفواصل)
page-run = دقّق
page-queued = بانتظار انتهاء التدقيق السابق…
page-running = جارٍ التدقيق…
page-failed = توقف التدقيق
page-no-file = اختر قائمة أولًا.
page-no-channel = اختر قناة واحدة على الأقل.
page-answers = الإجابات حسب القناة
page-channel = القناة
page-keep = إبقاء
page-review = مراجعة
page-exclude = استبعاد
page-none = لا توجد وسيلة اتصال
page-records = السجلات
page-gate-passed = اجتازت القائمة بوابة الاستيراد.
page-gate-failed = أخفقت القائمة في بوابة الاستيراد.
page-downloads = تنزيل
page-report = التقرير

## The terminal summary of `consentry audit`

summary-counts = consentry: { $records } سجلًا: { $keep } إبقاء، { $review } مراجعة، { $exclude } استبعاد. بوابة الاستيراد { $passed ->
        [yes] ناجحة
       *[no] فاشلة
    } (الفشل عند: { $fail_on }).
summary-channel = {"  "}{ $channel }: { $keep } إبقاء، { $review } مراجعة، { $exclude } استبعاد، { $none } بلا وسيلة اتصال
summary-rejected = نُحّي { $count } سجلًا غير مقروء إلى rejected.* (الأسطر { $lines })؛ لم تُدقَّق.
summary-drop-column = احذف العمود { $column }: { $what }.
summary-wrote = كُتبت { $files } في { $dir }

## Errors people meet most. Each `error-*` has an `error-*-help` saying what to do.

error-label = خطأ
error-help-label = المساعدة
error-not-found = لا يوجد ملف أو مجلد بهذا الاسم
error-not-found-help = تحقّق من المسار وكتابته؛ يقرأ consentry ملفات CSV وTSV وJSON وNDJSON وParquet وXLSX
error-permission-denied = لا تملك صلاحية الوصول
error-permission-denied-help = تحقّق من صلاحيات الملف، أو انسخه إلى مكان تستطيع القراءة منه
error-empty = الملف فارغ
error-empty-help = صدّر القائمة من جديد؛ يحتاج ملف CSV إلى سطر عناوين وسجل واحد على الأقل
error-directory = هذا مجلد وليس ملفًا
error-directory-help = اذكر الملف المصدَّر نفسه، مثل `leads.csv`
error-compressed = الملف مضغوط بصيغة { $kind }
error-compressed-help = فكّ ضغطه أولًا (مثل `gunzip`) ثم مرّر الملف المستخرَج
error-binary = يحتوي الملف على بايتات NUL وليس نصًا (ملف ثنائي، أو تنزيل مضغوط أو تالف)
error-binary-help = صدّر القائمة بصيغة CSV أو JSON أو XLSX أو Parquet؛ وإن كان نصًا بترميز UTF-16 فمرّر ‎--encoding utf-16le
error-invalid-utf8 = بايت غير صالح في UTF-8 عند الموضع { $offset } من ملف معلَّم أو مكتشَف على أنه UTF-8
error-invalid-utf8-help = يخلط الملف بين ترميزات؛ أعد حفظه بترميز UTF-8 (في Excel: حفظ باسم ثم CSV UTF-8)، أو حدّد ترميزه الحقيقي بالخيار ‎--encoding
error-mixed-encodings = ترميزات مختلطة: الملف بترميز UTF-8 لكن البايت { $offset } ليس كذلك
error-mixed-encodings-help = لُصق جزء من الملف من ترميز آخر؛ أعد حفظ الملف كله بترميز UTF-8، أو حدّد ترميزًا واحدًا بالخيار ‎--encoding
error-not-valid-text = الملف ليس نصًا صالحًا بترميز { $encoding }
error-not-valid-text-help = أعد حفظ الملف بترميز UTF-8 (في Excel: حفظ باسم ثم CSV UTF-8)، أو حدّد الترميز الحقيقي بالخيار ‎--encoding
error-unknown-channel = { $value } ليست قناة؛ استخدم call أو sms أو whatsapp أو email
error-bad-date = { $value } ليس تاريخًا؛ اكتبه بالصيغة YYYY-MM-DD
error-invalid-value = قيمة غير صالحة { $value } للخيار { $option }

## Sentences the reports and rule pages build from counts

list-separator = ،{" "}
recommendation-exclude = استبعد { $exclude } من { $records } سجلًا ({ $share })
recommendation-reason = { $count } بسبب { $code } ({ $message })
recommendation-reason-separator = ؛{" "}
recommendation-rest = راجع { $review } ({ $review_share }) قبل الاستخدام. احتفظ بـ { $keep } ({ $keep_share }).
markdown-gate-line = بوابة الاستيراد: **{ $gate }** (الفشل عند: { $fail_on }{ $rate }). تاريخ التدقيق `{ $as_of }`؛ القنوات: { $channels }؛ أداة التصدير `{ $exporter }`؛ حجم الملف `{ $bytes }` بايت، SHA-256 `{ $sha256 }`.
markdown-gate-rate = ، الحد الأقصى { $rate }
markdown-baseline-heading = ## منذ خط الأساس في { $as_of }
markdown-baseline-counts = قبل: { $keep_before } إبقاء، { $review_before } مراجعة، { $exclude_before } استبعاد. الآن: { $keep_now } إبقاء، { $review_now } مراجعة، { $exclude_now } استبعاد.
rule-facts = الخطورة: { $severity }. الإجراء: { $action }. القنوات: { $channels }. الاختصاصات: { $jurisdictions }.
rule-since = نافذة اعتبارًا من { $date }.
rule-until = نافذة حتى { $date }.
rule-condition = ## الشرط
rule-references = ## المراجع
rule-examples = ## الأمثلة
