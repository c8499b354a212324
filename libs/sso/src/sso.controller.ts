import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { Allow } from '@tandem/authz';
import type { Request, Response } from 'express';
import { CALLBACK_PATH } from './openid';
import { SsoSignInRefused } from './sso-refusals';
import { SsoSignInService } from './sso-sign-in.service';
import { SsoPolicy } from './sso.policies';

const NOT_COMPLETED = 'This sign-in could not be completed. Start again from the sign-in page.';

/**
 * The browser's side of signing in through an agency's provider: the start redirects to the
 * provider, the callback back to the page that started it, with `signInCode` (exchanged for tokens
 * with the `exchangeSignInCode` mutation) or `signInError`. Neither carries a token in a URL.
 */
@Controller()
export class SsoController {
  constructor(private readonly signIn: SsoSignInService) {}

  @Get('auth/sso/:agencyId/start')
  @Allow(SsoPolicy.signIn)
  async start(@Param('agencyId') agencyId: string, @Query('returnTo') returnTo: unknown, @Res() res: Response): Promise<void> {
    await this.answer(res, () => this.signIn.start(agencyId, returnTo));
  }

  @Get(CALLBACK_PATH.slice(1))
  @Allow(SsoPolicy.signIn)
  async callback(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
    await this.answer(res, () => this.signIn.callback(query, rawQuery));
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
