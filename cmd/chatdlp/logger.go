package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/chatdlp/chatdlp/config"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"gopkg.in/natefinch/lumberjack.v2"
)

// Rotation of log.file: files of 100 MB, ten compressed generations, 30
// days. logMaxSizeMB is a variable for the rotation test alone.
var logMaxSizeMB = 100

const (
	logMaxBackups = 10
	logMaxAgeDays = 30
)

// logSink is a built logger, its level (changed on reload) and what to close.
type logSink struct {
	logger *zap.Logger
	level  zap.AtomicLevel
	close  func() error
}

// newLogger builds the JSON logger SPEC.md describes: ts (ISO 8601), level,
// msg and event on every line; to stdout or to cfg.File with rotation.
func newLogger(cfg config.Log, stdout io.Writer) (*logSink, error) {
	level, err := zap.ParseAtomicLevel(cfg.Level)
	if err != nil {
		return nil, fmt.Errorf("log.level: %w", err)
	}
	out, closeFn, err := logOutput(cfg.File, stdout)
	if err != nil {
		return nil, err
	}
	core := zapcore.NewCore(zapcore.NewJSONEncoder(encoderConfig()), out, level)
	return &logSink{logger: zap.New(newEventCore(core)), level: level, close: closeFn}, nil
}

// encoderConfig is zap's production encoder with `ts` in ISO 8601.
func encoderConfig() zapcore.EncoderConfig {
	ec := zap.NewProductionEncoderConfig()
	ec.TimeKey = "ts"
	ec.EncodeTime = zapcore.ISO8601TimeEncoder
	ec.EncodeDuration = zapcore.MillisDurationEncoder
	return ec
}

// logOutput is stdout, or file rotated by lumberjack. The file is created
// (mode 0600) and opened once here so that a bad path fails before serving.
func logOutput(file string, stdout io.Writer) (zapcore.WriteSyncer, func() error, error) {
	if file == "" {
		return zapcore.Lock(zapcore.AddSync(stdout)), func() error { return nil }, nil
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		return nil, nil, fmt.Errorf("log.file: %w", err)
	}
	f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("log.file: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, nil, fmt.Errorf("log.file: %w", err)
	}
	lj := &lumberjack.Logger{Filename: file, MaxSize: logMaxSizeMB, MaxBackups: logMaxBackups, MaxAge: logMaxAgeDays, Compress: true}
	return zapcore.AddSync(lj), lj.Close, nil
}
