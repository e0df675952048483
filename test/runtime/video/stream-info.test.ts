import { describe, expect, it } from 'vitest';
import { appliedRotation, rgbFilter } from '../../../runtime/video/convert.js';
import { VideoError } from '../../../runtime/video/errors.js';
import { readStreamInfo } from '../../../runtime/video/probe.js';

const stream = (extra: Record<string, unknown>) => ({
  streams: [
    {
      codec_type: 'video',
      codec_name: 'h264',
      width: 1920,
      height: 1080,
      pix_fmt: 'yuv420p',
      time_base: '1/15360',
      avg_frame_rate: '30000/1001',
      nb_frames: '300',
      ...extra,
    },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', start_time: '1.400000' },
});

describe("the stream's facts from ffprobe's JSON", () => {
  it('size, time base, average rate, start, listed frames; no sample aspect ratio reads 1:1', () => {
    const info = readStreamInfo(stream({}), 'v.mp4');
    expect(info).toMatchObject({
      width: 1920,
      height: 1080,
      pixFmt: 'yuv420p',
      timeBase: 1 / 15360,
      averageRate: 30000 / 1001,
      startTime: 1.4,
      claimedFrames: 300,
      rotation: 0,
      sampleAspectRatio: '1:1',
    });
    expect(readStreamInfo(stream({ sample_aspect_ratio: '4:3' }), 'v.mp4').sampleAspectRatio).toBe('4:3');
  });

  it("rotation: the display matrix's counterclockwise angle turned into clockwise degrees (ffprobe -90 is a phone's rotate=90)", () => {
    expect(readStreamInfo(stream({ side_data_list: [{ rotation: -90 }] }), 'v.mp4').rotation).toBe(90);
    expect(readStreamInfo(stream({ side_data_list: [{ rotation: 90 }] }), 'v.mp4').rotation).toBe(270);
    expect(readStreamInfo(stream({ side_data_list: [{ rotation: 180 }] }), 'v.mp4').rotation).toBe(180);
    expect(readStreamInfo(stream({ tags: { rotate: '90' } }), 'v.mp4').rotation).toBe(90);
    expect([appliedRotation({ rotation: 90 }, true), appliedRotation({ rotation: 90 }, false), appliedRotation({ rotation: 45 }, true)]).toEqual([90, 0, 0]);
  });

  it('refuses frames over 8192x4096 pixels, and a stream without size or time base', () => {
    const refused = (extra: Record<string, unknown>) => {
      try {
        readStreamInfo(stream(extra), 'v.mp4');
        return 'read';
      } catch (error) {
        return error instanceof VideoError ? `${error.kind}: ${error.detail}` : String(error);
      }
    };
    expect(refused({ width: 16000, height: 16000 })).toBe('too-large: 16000x16000 frames');
    expect(refused({ width: 8192, height: 4097 })).toBe('too-large: 8192x4097 frames');
    expect(refused({ width: 7680, height: 4320 })).toBe('read');
    expect(refused({ width: 0 })).toBe('unreadable: the video stream has no frame size');
    expect(refused({ time_base: '0/1' })).toBe('unreadable: the video stream has no time base');
    expect(() => readStreamInfo({ streams: [{ codec_type: 'audio' }] }, 'a.m4a')).toThrow('no video stream');
  });

  it("PyAV's conversion: bilinear, BT.601, limited range except yuvj; rotation after it, on RGB", () => {
    expect(rgbFilter({ pixFmt: 'yuv420p10le' }, 0)).toBe('scale=flags=bilinear:in_color_matrix=bt601:in_range=tv,format=rgb24');
    expect(rgbFilter({ pixFmt: 'yuvj420p' }, 90)).toBe('scale=flags=bilinear:in_color_matrix=bt601:in_range=pc,format=rgb24,transpose=clock');
  });
});
