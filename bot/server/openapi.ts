/** The OpenAPI header served at /docs; paths come from the route schemas. */
export function openApiInfo(publicUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'hocvuso API',
      version: '0.1.0',
      description:
        'Chat-bot tutor for "Bình dân học vụ số". Web chat API, platform webhooks and probes. ' +
        'The admin API (/api/v1): every call needs `Authorization: Bearer <key>` (401 without a valid key) ' +
        'and a role with the right (403): admin (keys, audit, everything), staff (statistics, volunteers), ' +
        'supervisor (statistics only, possibly limited to some provinces).',
    },
    servers: [{ url: publicUrl }],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http' as const,
          scheme: 'bearer',
          description: 'A staff API key (npm run admin:key)',
        },
      },
    },
  };
}
