import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { Allow } from '@tandem/authz';
import type { Request, Response } from 'express';
import { AppConfig } from '@tandem/platform';
import { CALLBACK_PATH } from './openid';
import { SsoFlows } from './sso-flows';
import { SsoSignInRefused } from './sso-refusals';
import { SsoSignInService } from './sso-sign-in.service';
import { SsoPolicy } from './sso.policies';
import { FLOW_TTL_SECONDS } from './sso.types';

/** The cookies of a request, by name (the first of a name wins). */
function cookiesOf(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const name = part.slice(0, at).trim();
    if (!(name in cookies)) cookies[name] = part.slice(at + 1).trim();
  }
  return cookies;
}

const NOT_COMPLETED = 'This sign-in could not be completed. Start again from the sign-in page.';

/**
 * The browser's side of signing in through an agency's provider: the start redirects to the
 * provider, the callback back to the page that started it, with `signInCode` (exchanged for tokens
 * with the `exchangeSignInCode` mutation) or `signInError`. Neither carries a token in a URL.
 */
@Controller()
export class SsoController {
  constructor(
    private readonly signIn: SsoSignInService,
    private readonly flows: SsoFlows,
    private readonly config: AppConfig,
  ) {}

  @Get('auth/sso/:agencyId/start')
  @Allow(SsoPolicy.signIn)
  async start(@Param('agencyId') agencyId: string, @Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    await this.answer(res, async () => {
      const { url, cookie } = await this.signIn.start(agencyId, returnTo);
      // Sent back only to the callback, on the provider's top-level redirect (Lax), never to a script.
      res.cookie(cookie.name, cookie.value, {
        httpOnly: true,
        sameSite: 'lax',
        secure: this.config.values.PUBLIC_URL.startsWith('https:'),
        path: CALLBACK_PATH,
        maxAge: FLOW_TTL_SECONDS * 1000,
      });
      return url;
    });
  }

  @Get(CALLBACK_PATH.slice(1))
  @Allow(SsoPolicy.signIn)
  async callback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    const cookies = cookiesOf(req.headers.cookie);
    if (typeof query.state === 'string') res.clearCookie(this.flows.cookieName(query.state), { path: CALLBACK_PATH });
    await this.answer(res, () => this.signIn.callback(query, rawQuery, cookies));
  }

  private async answer(res: Response, step: () => Promise<URL>): Promise<void> {
    try {
      res.redirect(303, (await step()).toString());
    } catch (error) {
      if (!(error instanceof SsoSignInRefused)) throw error;
      if (!error.returnTo) {
        res.status(400).type('text/plain').send(NOT_COMPLETED);
        return;
      }
      const back = new URL(error.returnTo);
      back.searchParams.set('signInError', 'SSO_REFUSED');
      res.redirect(303, back.toString());
    }
  }
}
