import { type Operation, ROUTES, type Route } from '../../lambda/operations/catalog.js';

export interface RouteMatch {
  route: Route;
  operation: Operation;
  /** As they stood in the URL, still percent-encoded. */
  pathParameters: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}/?$`), names };
}

const compiledRoutes = ROUTES.map(compile);

/** Finds the route of a request the way API Gateway does: by method and path template. */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  for (const { route, pattern, names } of compiledRoutes) {
    if (route.method !== method) continue;
    const match = pattern.exec(path);
    if (!match) continue;
    const pathParameters = Object.fromEntries(names.map((name, i) => [name, match[i + 1]!]));
    return { route, operation: route.operation, pathParameters };
  }
  return undefined;
}
