/**
 * One environment for many services: a deployment's env file (`npm run keys` writes one) holds what
 * every service shares under its plain name, and what one service alone needs with the service's name
 * as a suffix — `SERVICE_SIGNING_KEY__HEALTH_SYSTEM`, `PORT__GATEWAY`. A service reads its own
 * environment: the suffixed variables override the plain ones, and no other service's are seen.
 */

/** The suffix of `service`'s own variables, e.g. `health-system` → `__HEALTH_SYSTEM`. */
export function serviceSuffix(service: string): string {
  return `__${service.toUpperCase().replaceAll('-', '_')}`;
}

/** The environment `service` runs with: the plain variables, overridden by its own, without any other service's. */
export function environmentOf(service: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const suffix = serviceSuffix(service);
  const own: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    const separator = name.indexOf('__');
    if (separator < 0) {
      if (!(name in own)) own[name] = value;
    } else if (name.slice(separator) === suffix) {
      own[name.slice(0, separator)] = value;
    }
  }
  return own;
}
