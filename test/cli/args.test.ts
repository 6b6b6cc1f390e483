import { markdownTable, percent } from '../../src/cli/args';

describe('markdownTable', () => {
  it('left-aligns every column unless told otherwise', () => {
    expect(markdownTable(['a', 'b'], [['x|y', 1]])).toBe('| a | b |\n| --- | --- |\n| x\\|y | 1 |');
  });

  it('right-aligns the columns marked r', () => {
    expect(markdownTable(['name', 'n', 'ms'], [['x', 1, 2]], 'lrr').split('\n')[1]).toBe(
      '| --- | ---: | ---: |'
    );
    expect(() => markdownTable(['a'], [], 'lr')).toThrow('one l or r per column');
  });
});

describe('percent', () => {
  it('has one decimal', () => {
    expect(percent(0.1234)).toBe('12.3%');
    expect(percent(1)).toBe('100.0%');
  });
});
