import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { campaignPage, campaignsPage } from './campaigns-page';
import { signInPage } from './sign-in-page';

type Html = (reply: FastifyReply, status: number, body: string) => FastifyReply;
// biome-ignore lint/suspicious/noExplicitAny: API answers are rendered field by field
type Json = any;

const ACTIONS = new Set(['send', 'pause', 'resume', 'cancel', 'retry-failed', 'test']);

/** A form's fields as the API's body: lists from comma-separated text, empty fields left out. */
export function formToCampaign(form: Record<string, string>): Record<string, unknown> {
  const list = (name: string) =>
    (form[name] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  const segment: Record<string, unknown> = {};
  for (const name of [
    'platforms',
    'provinces',
    'audiences',
    'referralCodes',
    'completedCourses',
    'notStartedCourses',
  ])
    if (list(name).length > 0) segment[name] = list(name);
  const body: Record<string, unknown> = { name: form.name ?? '', text: form.text ?? '', segment };
  if (form.choice?.trim())
    body.choices = [{ label: form.choice.trim(), ...(form.course ? { courseId: form.course } : {}) }];
  if (form.imageUrl?.trim()) body.imageUrl = form.imageUrl.trim();
  if (form.sendAt?.trim()) body.sendAt = form.sendAt.trim();
  if (form.localHour?.trim()) body.localHour = Number(form.localHour);
  return body;
}

/**
 * The dashboard's campaign pages: plain forms (no script), each action done by the admin API
 * itself with the signed-in key, so validation, roles and the audit log are the API's own.
 */
export function campaignPages(
  server: FastifyInstance,
  deps: { cookie: string; html: Html; courses: { id: string; title: string }[] },
) {
  const api = (request: FastifyRequest, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${request.cookies[deps.cookie] ?? ''}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
  async function list(
    request: FastifyRequest,
    reply: FastifyReply,
    status = 200,
    message?: string,
    form?: Record<string, string>,
  ) {
    const answer = await api(request, 'GET', '/campaigns');
    if (answer.statusCode === 401) return deps.html(reply, 401, signInPage());
    if (answer.statusCode === 403)
      return deps.html(reply, 403, signInPage('Chỉ cán bộ và quản trị viên quản lý chiến dịch.'));
    return deps.html(reply, status, campaignsPage(answer.json() as Json[], deps.courses, message, form));
  }
  server.get('/admin/campaigns', { schema: { hide: true } }, (request, reply) => list(request, reply));
  server.post<{ Body: Record<string, string> }>(
    '/admin/campaigns',
    { schema: { hide: true } },
    async (request, reply) => {
      const answer = await api(request, 'POST', '/campaigns', formToCampaign(request.body ?? {}));
      if (answer.statusCode === 201)
        return reply.redirect(`/admin/campaigns/${(answer.json() as Json).id}`, 303);
      return list(request, reply, answer.statusCode, (answer.json() as Json).message, request.body);
    },
  );
  server.get<{ Params: { id: string } }>(
    '/admin/campaigns/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const id = Number(request.params.id);
      const report = await api(request, 'GET', `/campaigns/${id}`);
      if (report.statusCode !== 200)
        return list(request, reply, report.statusCode, (report.json() as Json).message);
      const preview = await api(request, 'POST', `/campaigns/${id}/preview`);
      return deps.html(
        reply,
        200,
        campaignPage(report.json() as Json, preview.json() as Json, (request.query as Json).note),
      );
    },
  );
  server.post<{ Params: { id: string; action: string }; Body: Record<string, string> }>(
    '/admin/campaigns/:id/:action',
    { schema: { hide: true } },
    async (request, reply) => {
      const { action } = request.params;
      const id = Number(request.params.id);
      if (!ACTIONS.has(action) || !Number.isSafeInteger(id)) return reply.callNotFound();
      const body =
        action === 'test' ? { platform: request.body?.platform, chatId: request.body?.chatId } : undefined;
      const answer = await api(request, 'POST', `/campaigns/${id}/${action}`, body);
      const json = answer.json() as Json;
      const note =
        answer.statusCode === 200 && action !== 'test'
          ? ''
          : (json.message ?? (json.ok ? 'Đã gửi thử.' : `Gửi thử không được: ${json.error}`));
      return reply.redirect(`/admin/campaigns/${id}${note ? `?note=${encodeURIComponent(note)}` : ''}`, 303);
    },
  );
  server.get<{ Params: { id: string } }>(
    '/admin/campaigns/:id/progress.json',
    { schema: { hide: true } },
    async (request, reply) => {
      const answer = await api(request, 'GET', `/campaigns/${Number(request.params.id)}`);
      return reply.status(answer.statusCode).type('application/json').send(answer.payload);
    },
  );
  server.get<{ Params: { id: string } }>(
    '/admin/campaigns/:id/deliveries.csv',
    { schema: { hide: true } },
    async (request, reply) => {
      const status = (request.query as Json).status;
      const query = `format=csv${typeof status === 'string' && /^[a-z]+$/.test(status) ? `&status=${status}` : ''}`;
      const answer = await api(request, 'GET', `/campaigns/${Number(request.params.id)}/deliveries?${query}`);
      return reply
        .status(answer.statusCode)
        .type(String(answer.headers['content-type'] ?? 'text/plain'))
        .header('content-disposition', String(answer.headers['content-disposition'] ?? 'attachment'))
        .send(answer.rawPayload);
    },
  );
}
