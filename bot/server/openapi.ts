/** The OpenAPI header served at /docs; paths come from the route schemas. */
export function openApiInfo(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'hocvuso API',
      version: '0.1.0',
      description:
        'Chat-bot tutor for "Bình dân học vụ số". Web chat API, platform webhooks and probes. ' +
        'The admin API (/api/v1, Bearer keys with roles admin / staff / supervisor) is described here as it lands.',
    },
    servers: [{ url: publicUrl }],
  };
}
