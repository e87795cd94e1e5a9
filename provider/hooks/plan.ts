/**
 * Diff pieces shared by every resource: where the entity lives (endpoint, region, key).
 * Another Speech resource means another entity (replace); an equivalent setting is not a change.
 */
import { endpointFor, UNKNOWN } from "./context";
import { same } from "./validate";

type Props = Record<string, any>;

export interface PlanPart {
    /** Properties that changed (shown in the plan). */
    changed: string[];
    /** Of those, the ones that replace the entity. */
    replaces: string[];
}

/**
 * The connection part of a diff. `olds` are the old outputs (inputs + `endpointUsed` +
 * `connectionKey`), `news` the checked new inputs.
 * - An unknown endpoint or region at preview may point elsewhere: shown as a (possible) replace.
 * - The endpoint the new settings resolve to (inputs, then stack config, then environment) differs
 *   from the one the entity lives at: replace, naming the input that changed, else `endpoint`
 *   (moved by config or environment).
 * - The same account written another way (a region and its regional endpoint): recorded, no replace.
 * - A new key input: recorded (an update stores it), nothing is replaced.
 */
export function connectionPlan(olds: Props, news: Props): PlanPart {
    const changed: string[] = [];
    const replaces: string[] = [];
    for (const p of ["endpoint", "region"]) {
        if (news[p] === UNKNOWN) replaces.push(p);
    }
    if (!replaces.length && typeof olds.endpointUsed === "string") {
        let now: string | undefined;
        try {
            now = endpointFor(news);
        } catch {
            now = undefined; // an invalid setting: check reports it
        }
        if (now !== undefined && now !== olds.endpointUsed) {
            replaces.push(!same(olds.endpoint, news.endpoint) ? "endpoint" : !same(olds.region, news.region) ? "region" : "endpoint");
        }
    }
    changed.push(...replaces);
    for (const p of ["endpoint", "region"]) {
        if (!changed.includes(p) && !same(olds[p], news[p])) changed.push(p);
    }
    if (news.key === UNKNOWN || (typeof news.key === "string" && typeof olds.connectionKey === "string" && news.key !== olds.connectionKey)) {
        changed.push("key");
    }
    return { changed, replaces };
}
