import type { FastifyError, FastifyInstance } from 'fastify';

const FRIENDLY: Record<number, string> = {
  400: 'Yêu cầu không hợp lệ. / The request is not valid.',
  401: 'Không có quyền truy cập. / Unauthorized.',
  404: 'Không tìm thấy trang này. / Not found.',
  413: 'Tin nhắn quá dài. Bạn gửi ngắn hơn nhé. / The message is too large.',
  415: 'Định dạng không được hỗ trợ. / Unsupported content type.',
  429: 'Bạn gửi nhanh quá. Vui lòng chờ một chút rồi thử lại. / Too many requests, please wait a moment.',
};

/** One error shape for every route: 4xx say what was wrong, 5xx never reveal internals. */
export function installErrorHandler(server: FastifyInstance): void {
  server.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.status(status).send({
        error: 'internal_error',
        message: 'Có lỗi xảy ra, bạn thử lại sau nhé. / Something went wrong, please try again later.',
      });
    }
    const validation = error.validation ? `${FRIENDLY[400]} (${error.message})` : undefined;
    return reply.status(status).send({
      error: error.code ?? 'bad_request',
      message: validation ?? FRIENDLY[status] ?? error.message,
    });
  });
  server.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: 'not_found', message: FRIENDLY[404] }),
  );
}
